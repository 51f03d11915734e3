import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/admin/audit/export/route";
import type { AdminActor } from "@/lib/admin/require-admin";
import { checkpointSignatureValid, checkpointFromJson } from "@/lib/audit/checkpoint-signature";
import { auditKeyring } from "@/lib/audit/audit-keys";
import { emitCheckpoint } from "@/lib/audit/emit-checkpoint";
import { recordEvents } from "@/lib/audit/record-events";
import { chainHash } from "@/lib/audit/event-hash";
import { db } from "@/lib/db";
import { createApiToken, revokeApiToken } from "./api-tokens";
import type { StreamCheckpoint } from "./stream-checkpoint";
import type { StreamEvent } from "./stream-event";

const unique = () => randomBytes(4).toString("hex");

async function adminActor(): Promise<AdminActor> {
  const admin = await db.user.create({ data: { email: `admin-${unique()}@export.test`, role: "ADMIN" } });
  return {
    userId: admin.id,
    email: admin.email,
    sessionHash: "admin-session-hash",
    ip: "192.0.2.10",
    userAgent: "admin browser",
    deviceHash: "admin-device",
  };
}

async function lastSeq(): Promise<bigint> {
  return (await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
}

function pull(query: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
  return GET(new Request(`http://localhost:3999/api/admin/audit/export?${query}`, { headers }));
}

function parseNdjson(text: string): StreamEvent[] {
  return parseLines(text).filter((line): line is StreamEvent => line.event.kind === "event");
}

function parseLines(text: string): Array<StreamEvent | StreamCheckpoint> {
  expect(text === "" || text.endsWith("\n")).toBe(true);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamEvent | StreamCheckpoint);
}

describe("GET /api/admin/audit/export", () => {
  it("pages by cursor through every event exactly once, in chain order, and each page links to the one before", async () => {
    const actor = await adminActor();
    const { token } = await createApiToken(actor, "SIEM pagination", "audit:read");
    const start = await lastSeq();
    const marker = unique();
    for (let batch = 0; batch < 5; batch++) {
      await recordEvents(
        db,
        Array.from({ length: 5 }, (_, index) => ({
          type: "link.fetched" as const,
          attemptId: `${marker}-${batch}-${index}`,
          ip: "203.0.113.9",
          userAgent: "Scanner/1.0",
          details: { batch, index },
        })),
      );
    }
    const expected = await db.auditEvent.findMany({ where: { seq: { gt: start } }, orderBy: { seq: "asc" } });
    expect(expected.length).toBeGreaterThanOrEqual(25);

    const received: StreamEvent[] = [];
    let query = `after=${start}&limit=7`;
    for (let pages = 0; pages < 100; pages++) {
      const response = await pull(query, `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      const events = parseNdjson(await response.text());
      expect(events.length).toBeLessThanOrEqual(7);
      received.push(...events);
      const next = response.headers.get("x-next-after")!;
      const nextCheckpoint = response.headers.get("x-next-after-checkpoint")!;
      expect(nextCheckpoint).toMatch(/^\d+$/);
      expect(response.headers.get("link")).toBe(
        `<http://localhost:3999/api/admin/audit/export?after=${next}&after_checkpoint=${nextCheckpoint}&limit=7>; rel="next"`,
      );
      query = `after=${next}&after_checkpoint=${nextCheckpoint}&limit=7`;
      if (response.headers.get("x-has-more") === "false") {
        // The last page's cursor stays put when nothing is left, so polling it again returns nothing.
        const again = await pull(query, `Bearer ${token}`);
        expect(parseLines(await again.text())).toEqual([]);
        expect(again.headers.get("x-next-after")).toBe(next);
        break;
      }
    }
    // Other tests in this database may add events meanwhile: compare the ones that existed.
    const firstPass = received.slice(0, expected.length);
    expect(firstPass.map((event) => event.magic_link.chain.seq)).toEqual(expected.map((event) => event.seq.toString()));
    expect(new Set(received.map((event) => event.event.sequence)).size).toBe(received.length);
    for (const [index, event] of firstPass.entries()) {
      expect(event.magic_link.chain.hash).toBe(expected[index].hash);
      expect(chainHash(event.magic_link.chain.prev_hash, event.magic_link.chain.mac!)).toBe(event.magic_link.chain.hash);
      if (index > 0) expect(event.magic_link.chain.prev_hash).toBe(firstPass[index - 1].magic_link.chain.hash);
    }
    const ours = firstPass.filter((event) => event.magic_link.attempt_id?.startsWith(marker));
    expect(ours).toHaveLength(25);
    expect(ours[0]).toMatchObject({
      event: { action: "link.fetched", outcome: "unknown" },
      source: { ip: "203.0.113.9" },
      user_agent: { original: "Scanner/1.0" },
    });
  });

  it("interleaves the signed checkpoints after the events they cover, pages through them by their own cursor, and each verifies with the public key", async () => {
    const { token } = await createApiToken(await adminActor(), "SIEM checkpoints", "audit:read");
    const start = await lastSeq();
    const marker = unique();
    const record = (index: number) => recordEvents(db, [{ type: "link.fetched", attemptId: `${marker}-${index}`, details: { index } }]);
    // A client resuming with `after` alone is taken to hold the checkpoints covering its events.
    await emitCheckpoint();
    await record(1);
    await record(2);
    const first = await emitCheckpoint();
    await record(3);
    const second = await emitCheckpoint();
    const idle = await emitCheckpoint();

    const lines: Array<StreamEvent | StreamCheckpoint> = [];
    let query = `after=${start}&limit=2`;
    for (let pages = 0; pages < 20; pages++) {
      const response = await pull(query, `Bearer ${token}`);
      expect(response.status).toBe(200);
      const page = parseLines(await response.text());
      expect(page.length).toBeLessThanOrEqual(2);
      lines.push(...page);
      query = `after=${response.headers.get("x-next-after")}&after_checkpoint=${response.headers.get("x-next-after-checkpoint")}&limit=2`;
      if (response.headers.get("x-has-more") === "false") break;
    }
    const labels = lines.map((line) =>
      line.event.kind === "event"
        ? `e${(line as StreamEvent).event.sequence}`
        : `c${(line as StreamCheckpoint).magic_link.checkpoint.head_seq}`,
    );
    const seqs = (await db.auditEvent.findMany({ where: { seq: { gt: start } }, orderBy: { seq: "asc" }, select: { seq: true } })).map(
      (row) => `e${row.seq}`,
    );
    expect(seqs).toHaveLength(3);
    expect(labels).toEqual([seqs[0], seqs[1], `c${first.headSeq}`, seqs[2], `c${second.headSeq}`, `c${idle.headSeq}`]);

    const checkpoints = lines.filter((line): line is StreamCheckpoint => line.event.kind === "state");
    for (const line of checkpoints) {
      const c = line.magic_link.checkpoint;
      const signed = checkpointFromJson({
        createdAt: c.created_at,
        headSeq: c.head_seq,
        headHash: c.head_hash,
        prevSignature: c.prev_signature,
        keyId: c.key_id,
        signature: c.signature,
      });
      expect(signed && checkpointSignatureValid(auditKeyring(), signed)).toBe(true);
      expect(line).toMatchObject({ "@timestamp": c.created_at, event: { kind: "state", action: "audit.checkpoint" } });
    }
    expect(checkpoints.map((line) => line.magic_link.checkpoint.prev_signature)).toEqual([
      first.prevSignature,
      first.signature,
      second.signature,
    ]);

    // after_checkpoint=0 asks for every checkpoint again; a checkpoint cursor at the newest one asks for none.
    const everyCheckpoint = parseLines(await (await pull(`after=${start}&after_checkpoint=0&limit=1000`, `Bearer ${token}`)).text());
    expect(everyCheckpoint.filter((line) => line.event.kind === "state").length).toBeGreaterThanOrEqual(4);
    const newest = parseLines(
      await (
        await pull(`after=${start}&after_checkpoint=${checkpoints.at(-1)!.magic_link.checkpoint.id}&limit=1000`, `Bearer ${token}`)
      ).text(),
    );
    expect(newest.filter((line) => line.event.kind === "state")).toEqual([]);
  });

  it("refuses a missing, malformed, unknown or revoked token with 401 and a sentence, and marks a good one used", async () => {
    const actor = await adminActor();
    const { id, token } = await createApiToken(actor, "SIEM revocation", "audit:read");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    expect((await pull("after=0&limit=1", `Bearer ${token}`)).status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    const forged = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    for (const header of [
      undefined,
      "",
      `Basic ${Buffer.from(`x:${token}`).toString("base64")}`,
      "Bearer not-a-token",
      `Bearer ${forged}`,
    ]) {
      const response = await pull("after=0", header);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="audit", error="invalid_token"/);
      const body = await response.json();
      expect(body).toMatchObject({ ok: false, code: "invalid_token" });
      expect(body.message).toMatch(/API token/);
    }

    await revokeApiToken(actor, id);
    const refused = await pull("after=0", `Bearer ${token}`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toBe("This API token is not valid: it is unknown or has been revoked.");
    await expect(revokeApiToken(actor, id)).rejects.toThrow(/already revoked/);
  });

  it("answers 400 for a cursor that is not a seq, and never a stack trace", async () => {
    const { token } = await createApiToken(await adminActor(), "SIEM bad input", "audit:read");
    for (const query of [
      "after=-1",
      "after=abc",
      "after=1&after=2",
      "limit=0",
      "after=99999999999999999999",
      "after_checkpoint=-3",
      "after_checkpoint=latest",
    ]) {
      const response = await pull(query, `Bearer ${token}`);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body).toMatchObject({ ok: false, code: "invalid-query" });
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
    }
  });

  it("keeps only a keyed hash of the token, and audits creating and revoking it without the token", async () => {
    const actor = await adminActor();
    const start = await lastSeq();
    const { id, token } = await createApiToken(actor, "SIEM storage", "audit:read");
    await revokeApiToken(actor, id);

    const secretPart = token.slice("mlg_at_".length);
    const tokenRows = await db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(t)::text AS row FROM "ApiToken" t`;
    expect(tokenRows.length).toBeGreaterThan(0);
    for (const { row } of tokenRows) expect(row).not.toContain(secretPart);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).toMatchObject({ name: "SIEM storage", scope: "audit:read", createdBy: actor.userId });
    expect(stored.revokedAt).not.toBeNull();

    const events = await db.auditEvent.findMany({
      where: { seq: { gt: start }, userId: actor.userId, type: "admin.action" },
      orderBy: { seq: "asc" },
    });
    expect(events.map((event) => (event.details as { action: string }).action)).toEqual(["api-token.create", "api-token.revoke"]);
    expect(events[0].details).toMatchObject({ credentialId: id, name: "SIEM storage", scope: "audit:read" });
    const everything = await db.$queryRaw<
      Array<{ row: string }>
    >`SELECT row_to_json(e)::text AS row FROM "AuditEvent" e WHERE seq > ${start}`;
    for (const { row } of everything) expect(row).not.toContain(secretPart);
  });
});

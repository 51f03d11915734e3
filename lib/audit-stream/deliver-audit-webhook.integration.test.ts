import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEventsNow } from "@/lib/audit/record-events";
import { db } from "@/lib/db";
import { deliverAuditBatch, type WebhookSink } from "./deliver-audit-webhook";
import type { StreamEvent } from "./stream-event";
import { verifyWebhook } from "./webhook-signature";

/** A real receiver: verifies each batch as README "Audit stream" tells a SIEM to, and can be told to fail. */
interface Receiver {
  url: string;
  batches: Array<{ events: StreamEvent[]; verdict: ReturnType<typeof verifyWebhook>; firstSeq: string | null; lastSeq: string | null }>;
  failNext: number;
  clock: () => Date;
}

const secret = randomBytes(24).toString("base64");
let server: Server;
const receiver: Receiver = { url: "", batches: [], failNext: 0, clock: () => new Date() };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (receiver.failNext > 0) {
        receiver.failNext--;
        response.writeHead(500).end("receiver down");
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const verdict = verifyWebhook(secret, { timestamp: request.headers["x-audit-timestamp"] as string, signature: request.headers["x-audit-signature"] as string }, body, receiver.clock());
      const events = body.split("\n").filter(Boolean).map((line) => JSON.parse(line) as StreamEvent);
      receiver.batches.push({ events, verdict, firstSeq: request.headers["x-audit-first-seq"] as string, lastSeq: request.headers["x-audit-last-seq"] as string });
      response.writeHead(verdict.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
}, 30_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function headSeq(): Promise<bigint> {
  return (await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
}

/** A sink with its own cursor, starting at the current head, so other tests' events do not matter. */
async function freshSink(batchSize: number): Promise<WebhookSink> {
  const sink = { name: `test-${randomBytes(4).toString("hex")}`, url: receiver.url, secret, batchSize };
  await db.auditStreamCursor.create({ data: { sink: sink.name, lastSeq: await headSeq() } });
  return sink;
}

async function record(count: number, marker: string) {
  for (let index = 0; index < count; index++) {
    await recordEventsNow(db, [{ type: "link.fetched", attemptId: `${marker}-${index}`, ip: "198.51.100.4", userAgent: "Receiver test", details: { index } }]);
  }
}

describe("the audit webhook sink", () => {
  it("delivers every event in chain order, in signed batches, and a receiver failing then recovering gets each at least once with no gap", async () => {
    const sink = await freshSink(4);
    const start = (await db.auditStreamCursor.findUniqueOrThrow({ where: { sink: sink.name } })).lastSeq;
    const marker = randomBytes(4).toString("hex");
    await record(10, marker);
    receiver.batches = [];

    // A clock the test moves forward, so backoff passes without sleeping; the receiver judges freshness by it too.
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    receiver.clock = now;

    expect(await deliverAuditBatch(sink, now())).toMatchObject({ kind: "delivered", count: 4, hasMore: true });

    receiver.failNext = 3;
    const first = await deliverAuditBatch(sink, now());
    expect(first).toMatchObject({ kind: "failed", error: "The receiver answered HTTP 500 Internal Server Error." });
    // Backing off: not due again until the delay has passed.
    expect(await deliverAuditBatch(sink, now())).toEqual({ kind: "not-due" });
    let cursor = await db.auditStreamCursor.findUniqueOrThrow({ where: { sink: sink.name } });
    expect(cursor).toMatchObject({ failures: 1, lastError: "The receiver answered HTTP 500 Internal Server Error.", leaseUntil: null });
    expect(cursor.nextTryAt.getTime() - cursor.lastAttemptAt!.getTime()).toBe(2_000);

    const delays: number[] = [];
    for (let round = 0; round < 20; round++) {
      offsetMs += 11 * 60_000;
      const outcome = await deliverAuditBatch(sink, now());
      if (outcome.kind === "failed") {
        cursor = await db.auditStreamCursor.findUniqueOrThrow({ where: { sink: sink.name } });
        delays.push(cursor.nextTryAt.getTime() - cursor.lastAttemptAt!.getTime());
      }
      if (outcome.kind === "idle") break;
    }
    expect(delays).toEqual([4_000, 8_000]);

    cursor = await db.auditStreamCursor.findUniqueOrThrow({ where: { sink: sink.name } });
    const head = await headSeq();
    expect(cursor).toMatchObject({ lastSeq: head, failures: 0, lastError: null });

    const expected = await db.auditEvent.findMany({ where: { seq: { gt: start, lte: head } }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
    const received = receiver.batches.flatMap((batch) => batch.events);
    expect(receiver.batches.every((batch) => batch.verdict.ok)).toBe(true);
    expect(receiver.batches.every((batch) => batch.events.length <= 4)).toBe(true);
    for (const batch of receiver.batches) {
      expect(batch.firstSeq).toBe(batch.events[0].magic_link.chain.seq);
      expect(batch.lastSeq).toBe(batch.events.at(-1)!.magic_link.chain.seq);
    }
    // Every event, once each here (the failed batches never reached the handler's success path), in order, linked.
    expect(received.map((event) => event.magic_link.chain.seq)).toEqual(expected.map((event) => event.seq.toString()));
    for (let index = 1; index < received.length; index++) expect(received[index].magic_link.chain.prev_hash).toBe(received[index - 1].magic_link.chain.hash);
    expect(received.filter((event) => event.magic_link.attempt_id?.startsWith(marker))).toHaveLength(10);
  });

  it("sends a batch again when the receiver took it but the answer was lost, so nothing is missed across a crash", async () => {
    const sink = await freshSink(50);
    await record(3, randomBytes(4).toString("hex"));
    receiver.batches = [];
    receiver.clock = () => new Date();
    // The receiver never answers 2xx to the app (wrong secret): each attempt re-sends the same events from the cursor.
    const wrong = { ...sink, secret: randomBytes(24).toString("base64") };
    const refused = await deliverAuditBatch(wrong, new Date());
    expect(refused).toMatchObject({ kind: "failed", error: "The receiver answered HTTP 401 Unauthorized." });
    expect(receiver.batches[0].verdict).toEqual({ ok: false, reason: "bad-signature" });

    const later = new Date(Date.now() + 60_000);
    expect(await deliverAuditBatch(sink, later)).toMatchObject({ kind: "delivered", hasMore: false });
    expect(receiver.batches[1].verdict).toEqual({ ok: true });
    expect(receiver.batches[1].events.map((event) => event.event.sequence)).toEqual(receiver.batches[0].events.map((event) => event.event.sequence));
  });

  it("lets only one instance hold the cursor: a second one finds it leased", async () => {
    const sink = await freshSink(50);
    await record(2, randomBytes(4).toString("hex"));
    receiver.clock = () => new Date();
    receiver.batches = [];
    const now = new Date();
    // Two instances at the same moment: one sends, the other finds the lease taken (or, had it come later, nothing new).
    const outcomes = await Promise.all([deliverAuditBatch(sink, now), deliverAuditBatch(sink, now), deliverAuditBatch(sink, now)]);
    expect(outcomes.filter((outcome) => outcome.kind === "delivered")).toHaveLength(1);
    expect(outcomes.every((outcome) => ["delivered", "not-due", "idle"].includes(outcome.kind))).toBe(true);
    expect(receiver.batches).toHaveLength(1);
  });

  it("reports a receiver that cannot be reached, without its address", async () => {
    const sink = { ...(await freshSink(10)), url: "http://127.0.0.1:9/ingest/private-path-7f3a" };
    await record(1, randomBytes(4).toString("hex"));
    const outcome = await deliverAuditBatch(sink, new Date());
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") {
      expect(outcome.error).toMatch(/^Could not reach the receiver/);
      expect(outcome.error).not.toContain("private-path");
    }
  });
});

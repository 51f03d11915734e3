import { createPublicKey, randomBytes, verify } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditKeyring, checkpointPublicKeyPem } from "@/lib/audit/audit-keys";
import { signCheckpoint } from "@/lib/audit/checkpoint-signature";
import { emitCheckpoint } from "@/lib/audit/emit-checkpoint";
import { recordEvents } from "@/lib/audit/record-events";
import { db } from "@/lib/db";
import { deliverAuditBatch, type WebhookSink } from "./deliver-audit-webhook";
import type { StreamCheckpoint } from "./stream-checkpoint";
import type { StreamEvent } from "./stream-event";
import { verifyWebhook } from "./webhook-signature";

/** A real receiver: verifies each batch as README "Audit stream" tells a SIEM to, and can be told to fail. */
interface Receiver {
  url: string;
  batches: Array<{
    items: Array<StreamEvent | StreamCheckpoint>;
    events: StreamEvent[];
    verdict: ReturnType<typeof verifyWebhook>;
    firstSeq: string | null;
    lastSeq: string | null;
    lastCheckpoint: string | null;
  }>;
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
      const verdict = verifyWebhook(
        secret,
        { timestamp: request.headers["x-audit-timestamp"] as string, signature: request.headers["x-audit-signature"] as string },
        body,
        receiver.clock(),
      );
      const items = body
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as StreamEvent | StreamCheckpoint);
      const events = items.filter((item): item is StreamEvent => item.event.kind === "event");
      receiver.batches.push({
        items,
        events,
        verdict,
        firstSeq: (request.headers["x-audit-first-seq"] as string) ?? null,
        lastSeq: (request.headers["x-audit-last-seq"] as string) ?? null,
        lastCheckpoint: (request.headers["x-audit-last-checkpoint"] as string) ?? null,
      });
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

async function newestCheckpointId(): Promise<bigint> {
  return (await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;
}

/** A sink with its own cursor, starting at the current head and newest checkpoint, so other tests' events do not matter. */
async function freshSink(batchSize: number): Promise<WebhookSink> {
  const sink = { name: `test-${randomBytes(4).toString("hex")}`, url: receiver.url, secret, batchSize };
  await db.auditStreamCursor.create({ data: { sink: sink.name, lastSeq: await headSeq(), lastCheckpointId: await newestCheckpointId() } });
  return sink;
}

/** As README "Audit stream" tells a SIEM: the Ed25519 signature over the documented bytes, with the PEM of `npm run audit:public-key`. */
function checkpointVerifies(record: StreamCheckpoint, publicKeyPem: string): boolean {
  const c = record.magic_link.checkpoint;
  const bytes = `{"createdAt":${JSON.stringify(c.created_at)},"headHash":${JSON.stringify(c.head_hash)},"headSeq":${JSON.stringify(c.head_seq)},"keyId":${JSON.stringify(c.key_id)},"prevSignature":${JSON.stringify(c.prev_signature)},"v":1}`;
  return verify(null, Buffer.from(bytes, "utf8"), createPublicKey(publicKeyPem), Buffer.from(c.signature, "base64url"));
}

async function record(count: number, marker: string) {
  for (let index = 0; index < count; index++) {
    await recordEvents(db, [
      { type: "link.fetched", attemptId: `${marker}-${index}`, ip: "198.51.100.4", userAgent: "Receiver test", details: { index } },
    ]);
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

    const expected = await db.auditEvent.findMany({
      where: { seq: { gt: start, lte: head } },
      orderBy: { seq: "asc" },
      select: { seq: true, hash: true },
    });
    const received = receiver.batches.flatMap((batch) => batch.events);
    expect(receiver.batches.every((batch) => batch.verdict.ok)).toBe(true);
    expect(receiver.batches.every((batch) => batch.items.length === batch.events.length)).toBe(true);
    expect(receiver.batches.every((batch) => batch.events.length <= 4)).toBe(true);
    for (const batch of receiver.batches) {
      expect(batch.firstSeq).toBe(batch.events[0].magic_link.chain.seq);
      expect(batch.lastSeq).toBe(batch.events.at(-1)!.magic_link.chain.seq);
    }
    // Every event, once each here (the failed batches never reached the handler's success path), in order, linked.
    expect(received.map((event) => event.magic_link.chain.seq)).toEqual(expected.map((event) => event.seq.toString()));
    for (let index = 1; index < received.length; index++)
      expect(received[index].magic_link.chain.prev_hash).toBe(received[index - 1].magic_link.chain.hash);
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
    expect(receiver.batches[1].events.map((event) => event.event.sequence)).toEqual(
      receiver.batches[0].events.map((event) => event.event.sequence),
    );
  });

  it("interleaves the signed checkpoints after the events they cover, each delivered at least once across a failure, and verifiable with the public key", async () => {
    const sink = await freshSink(3);
    const marker = randomBytes(4).toString("hex");
    await record(3, marker);
    const first = await emitCheckpoint();
    await record(2, marker);
    const second = await emitCheckpoint();
    const idle = await emitCheckpoint();
    receiver.batches = [];
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    receiver.clock = now;

    expect(await deliverAuditBatch(sink, now())).toMatchObject({ kind: "delivered", count: 3, hasMore: true });
    receiver.failNext = 1;
    expect(await deliverAuditBatch(sink, now())).toMatchObject({ kind: "failed" });
    for (let round = 0; round < 10; round++) {
      offsetMs += 60_000;
      if ((await deliverAuditBatch(sink, now())).kind === "idle") break;
    }
    const cursor = await db.auditStreamCursor.findUniqueOrThrow({ where: { sink: sink.name } });
    expect(cursor).toMatchObject({ lastSeq: second.headSeq, lastCheckpointId: await newestCheckpointId(), failures: 0 });

    expect(receiver.batches.every((batch) => batch.verdict.ok && batch.items.length <= 3)).toBe(true);
    const items = receiver.batches.flatMap((batch) => batch.items);
    const labels = items.map((item) =>
      item.event.kind === "event"
        ? `e${(item as StreamEvent).magic_link.chain.seq}`
        : `c${(item as StreamCheckpoint).magic_link.checkpoint.head_seq}`,
    );
    const seqs = (
      await db.auditEvent.findMany({ where: { attemptId: { startsWith: marker } }, orderBy: { seq: "asc" }, select: { seq: true } })
    ).map((row) => `e${row.seq}`);
    expect(labels).toEqual([...seqs.slice(0, 3), `c${first.headSeq}`, ...seqs.slice(3), `c${second.headSeq}`, `c${idle.headSeq}`]);
    expect(first.headSeq.toString()).toBe(seqs[2].slice(1));

    const pem = checkpointPublicKeyPem();
    const checkpoints = items.filter((item): item is StreamCheckpoint => item.event.kind === "state");
    expect(checkpoints.map((item) => item.magic_link.checkpoint.signature)).toEqual([first.signature, second.signature, idle.signature]);
    for (const item of checkpoints) {
      expect(item.event.action).toBe("audit.checkpoint");
      expect(checkpointVerifies(item, pem)).toBe(true);
      // The head it names is the hash of the event the receiver got just before it.
      const covered = items[items.indexOf(item) - 1];
      if (covered.event.kind === "event") expect(item.magic_link.checkpoint.head_hash).toBe((covered as StreamEvent).magic_link.chain.hash);
    }
    expect(checkpoints[1].magic_link.checkpoint.prev_signature).toBe(checkpoints[0].magic_link.checkpoint.signature);
    // A forged head does not verify.
    const forged = structuredClone(checkpoints[1]);
    forged.magic_link.checkpoint.head_seq = String(Number(forged.magic_link.checkpoint.head_seq) - 1);
    expect(checkpointVerifies(forged, pem)).toBe(false);
    for (const batch of receiver.batches) {
      const ids = batch.items
        .filter((item): item is StreamCheckpoint => item.event.kind === "state")
        .map((item) => item.magic_link.checkpoint.id);
      expect(batch.lastCheckpoint).toBe(ids.at(-1) ?? null);
    }
  });

  it("still delivers a checkpoint that committed after the newer events it does not cover had gone out", async () => {
    const sink = await freshSink(50);
    await record(2, randomBytes(4).toString("hex"));
    // Read the head now, as emitCheckpoint does, and let more events commit before the checkpoint does.
    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    await record(2, randomBytes(4).toString("hex"));
    receiver.clock = () => new Date();
    receiver.batches = [];
    expect(await deliverAuditBatch(sink, new Date())).toMatchObject({ kind: "delivered", count: 4 });
    const previous = await db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { signature: true } });
    const late = signCheckpoint(auditKeyring().current, {
      createdAt: new Date(),
      headSeq: head.seq,
      headHash: head.hash,
      prevSignature: previous?.signature ?? "",
    });
    await db.auditCheckpoint.create({ data: late });

    expect(await deliverAuditBatch(sink, new Date(Date.now() + 1_000))).toMatchObject({ kind: "delivered", count: 1 });
    const [sent] = receiver.batches[1].items as StreamCheckpoint[];
    expect(sent.magic_link.checkpoint).toMatchObject({ head_seq: head.seq.toString(), signature: late.signature });
    expect(checkpointVerifies(sent, checkpointPublicKeyPem())).toBe(true);
    expect(receiver.batches[1]).toMatchObject({ firstSeq: null, lastSeq: null });
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

import { execFile } from "node:child_process";
import { createHmac, createPublicKey, timingSafeEqual, verify } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import pg from "pg";
import { expect, test } from "@playwright/test";
import type { AppInstance } from "../test/support/app-instance";
import { E2E_SHARED_ENV } from "../test/support/e2e-instances";
import { EXTRA_PORTS, freshSpecDatabase, startExtraInstance } from "../test/support/e2e-instances-extra";
import { DESKTOP_CHROME, uniqueEmail, uniqueIp } from "./support/people";

/**
 * A SIEM receiving the audit webhook across a crash: the receiver fails for a while, then the
 * instance is SIGKILLed while a batch is in flight (the receiver has it, the app never hears
 * back), and a new instance takes over the same database. The receiver checks everything
 * itself, as README "Audit stream" tells a SIEM to, with node:crypto only: each batch's
 * HMAC and timestamp, chain order within a batch, every event at least once with no gap, and
 * every signed checkpoint in its place and valid under the public key.
 */
const SECRET = "audit-stream-restart-secret-0123456789abcdef";
const execFileAsync = promisify(execFile);

interface EventLine {
  event: { kind: "event"; sequence: number };
  magic_link: { chain: { seq: string; prev_hash: string; hash: string } };
}
interface CheckpointLine {
  event: { kind: "state"; action: string };
  magic_link: {
    checkpoint: {
      id: string;
      created_at: string;
      head_seq: string;
      head_hash: string;
      prev_signature: string;
      key_id: string;
      signature: string;
    };
  };
}
type Line = EventLine | CheckpointLine;
interface Batch {
  lines: Line[];
  signatureValid: boolean;
  timestampFresh: boolean;
}

/** The receiver: "ok" answers 204, "fail" 500 (and keeps nothing), "hang" keeps the batch but never answers. */
const receiver = { mode: "ok" as "ok" | "fail" | "hang", batches: [] as Batch[], refused: 0, hanging: [] as ServerResponse[] };
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (receiver.mode === "fail") {
      receiver.refused++;
      response.writeHead(500).end();
      return;
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const timestamp = String(request.headers["x-audit-timestamp"] ?? "");
    const given = Buffer.from(String(request.headers["x-audit-signature"] ?? ""));
    const expected = Buffer.from(`v1=${createHmac("sha256", SECRET).update(`${timestamp}.${body}`).digest("hex")}`);
    const signatureValid = /^\d+$/.test(timestamp) && given.length === expected.length && timingSafeEqual(given, expected);
    const timestampFresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
    receiver.batches.push({
      lines: body
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Line),
      signatureValid,
      timestampFresh,
    });
    if (receiver.mode === "hang") {
      receiver.hanging.push(response);
      return;
    }
    response.writeHead(signatureValid && timestampFresh ? 204 : 401).end();
  });
});

let databaseUrl: string;
let database: pg.Pool;
const instances: AppInstance[] = [];

test.beforeAll(async () => {
  databaseUrl = await freshSpecDatabase("audit_stream_restart");
  database = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  for (const response of receiver.hanging) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await database?.end();
});

function startInstance(name: string): Promise<AppInstance> {
  return startExtraInstance(name, EXTRA_PORTS.auditStream, {
    DATABASE_URL: databaseUrl,
    AUDIT_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`,
    AUDIT_WEBHOOK_SECRET: SECRET,
    AUDIT_WEBHOOK_BATCH_SIZE: "4",
    AUDIT_CHECKPOINT_MINUTES: "1",
  });
}

/** Audit events, as a sign-in request makes them. */
async function signInRequests(instance: AppInstance, count: number) {
  for (let index = 0; index < count; index++) {
    const asked = await fetch(`${instance.url}/api/sign-in/request`, {
      method: "POST",
      headers: { Origin: instance.url, "Content-Type": "application/json", "User-Agent": DESKTOP_CHROME, "X-Forwarded-For": uniqueIp() },
      body: JSON.stringify({ email: uniqueEmail("audit-stream-restart") }),
    });
    expect(asked.status).toBe(200);
  }
}

/** `npm run audit:checkpoint` and `npm run audit:public-key` against the spec's database, as an operator runs them. */
async function auditTrail(command: "checkpoint" | "public-key"): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-trail.ts", command], {
    env: { ...process.env, ...E2E_SHARED_ENV, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

const isEvent = (line: Line): line is EventLine => line.event.kind === "event";
const received = () => receiver.batches.flatMap((batch) => batch.lines);

/** What the database holds that the receiver has not got yet. */
async function missing(): Promise<string[]> {
  const seqs = (await database.query<{ seq: string }>(`SELECT seq::text FROM "AuditEvent"`)).rows.map((row) => row.seq);
  const signatures = (await database.query<{ signature: string }>(`SELECT signature FROM "AuditCheckpoint"`)).rows.map(
    (row) => row.signature,
  );
  const lines = received();
  const got = new Set(lines.map((line) => (isEvent(line) ? line.magic_link.chain.seq : line.magic_link.checkpoint.signature)));
  return [
    ...seqs.filter((seq) => !got.has(seq)).map((seq) => `event ${seq}`),
    ...signatures.filter((signature) => !got.has(signature)).map((signature) => `checkpoint ${signature.slice(0, 8)}`),
  ];
}

test("a SIEM receiving the webhook gets every event and checkpoint at least once, in order and signed, across a failing receiver and an instance killed mid-delivery", async () => {
  test.setTimeout(240_000);
  const first = await startInstance("audit-stream-a");
  instances.push(first);

  // 1. Everything flows.
  await signInRequests(first, 3);
  await auditTrail("checkpoint");
  await expect.poll(missing, { timeout: 30_000 }).toEqual([]);

  // 2. The receiver fails: the sink backs off and keeps its cursor.
  receiver.mode = "fail";
  await signInRequests(first, 3);
  await expect.poll(() => receiver.refused, { timeout: 30_000 }).toBeGreaterThan(0);
  const { rows: failing } = await database.query(`SELECT failures, "lastError" FROM "AuditStreamCursor"`);
  expect(failing[0].failures).toBeGreaterThan(0);
  expect(failing[0].lastError).toMatch(/HTTP 500/);

  // 3. The receiver takes the next batch but never answers, and the instance dies with it in flight.
  const keptBefore = receiver.batches.length;
  receiver.mode = "hang";
  await expect.poll(() => receiver.hanging.length, { timeout: 60_000, intervals: [100] }).toBeGreaterThan(0);
  const exited = new Promise((resolve) => first.process.once("exit", resolve));
  first.process.kill("SIGKILL");
  await exited;
  const inFlight = receiver.batches
    .slice(keptBefore)
    .flatMap((batch) => batch.lines)
    .filter(isEvent)
    .map((line) => line.magic_link.chain.seq);
  expect(inFlight.length).toBeGreaterThan(0);
  // The app never heard back: its cursor is still before the batch the receiver holds.
  const { rows: cursorAtCrash } = await database.query(`SELECT "lastSeq"::text AS "lastSeq" FROM "AuditStreamCursor"`);
  expect(BigInt(cursorAtCrash[0].lastSeq)).toBeLessThan(BigInt(inFlight[0]));

  // 4. A new instance on the same database; the receiver is back; more happens.
  receiver.mode = "ok";
  const second = await startInstance("audit-stream-b");
  instances.push(second);
  await signInRequests(second, 2);
  await auditTrail("checkpoint");
  // The dead instance's lease runs out (60 s) before the new one may send.
  await expect.poll(missing, { timeout: 120_000, intervals: [1_000] }).toEqual([]);

  // Every batch signed with the shared secret, with a fresh timestamp.
  expect(receiver.batches.length).toBeGreaterThan(3);
  for (const batch of receiver.batches)
    expect(batch, "each batch's HMAC and timestamp").toMatchObject({ signatureValid: true, timestampFresh: true });

  // Chain order within each batch, and each checkpoint right after the events its head covers.
  for (const batch of receiver.batches) {
    const seqs = batch.lines.filter(isEvent).map((line) => BigInt(line.magic_link.chain.seq));
    for (let index = 1; index < seqs.length; index++) expect(seqs[index]).toBeGreaterThan(seqs[index - 1]);
    batch.lines.forEach((line, index) => {
      if (isEvent(line)) return;
      const head = BigInt(line.magic_link.checkpoint.head_seq);
      for (const before of batch.lines.slice(0, index).filter(isEvent))
        expect(BigInt(before.magic_link.chain.seq)).toBeLessThanOrEqual(head);
      for (const after of batch.lines.slice(index + 1).filter(isEvent)) expect(BigInt(after.magic_link.chain.seq)).toBeGreaterThan(head);
    });
  }

  // At least once: the batch in flight at the crash came again; duplicates are recorded, nothing is missing.
  const events = received().filter(isEvent);
  const unique = new Map(events.map((line) => [line.magic_link.chain.seq, line]));
  const duplicates = events.length - unique.size;
  test.info().annotations.push({
    type: "duplicates",
    description: `${duplicates} of ${events.length} event lines were repeats (the batch in flight at the crash: seqs ${inFlight.join(", ")})`,
  });
  console.log(
    `audit-stream-restart: ${receiver.batches.length} batches, ${events.length} event lines, ${duplicates} repeats (in flight at the crash: ${inFlight.join(", ")}), ${receiver.refused} refused`,
  );
  for (const seq of inFlight)
    expect(
      events.filter((line) => line.magic_link.chain.seq === seq).length,
      `event ${seq} sent again after the restart`,
    ).toBeGreaterThanOrEqual(2);

  // No gap from the first event to the head: each links to the one before.
  const chain = [...unique.values()].sort((a, b) => (BigInt(a.magic_link.chain.seq) < BigInt(b.magic_link.chain.seq) ? -1 : 1));
  expect(chain[0].magic_link.chain.prev_hash).toBe("0".repeat(64));
  for (let index = 1; index < chain.length; index++)
    expect(chain[index].magic_link.chain.prev_hash).toBe(chain[index - 1].magic_link.chain.hash);

  // Every checkpoint verifies with the public key over the bytes README documents, names a head the receiver has, and links to the one before.
  const printed = await auditTrail("public-key");
  const publicKey = createPublicKey(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(printed)![0]);
  const keyId = /# key id ([0-9a-f]+)/.exec(printed)![1];
  const checkpoints = new Map(
    received()
      .filter((line): line is CheckpointLine => !isEvent(line))
      .map((line) => [line.magic_link.checkpoint.id, line.magic_link.checkpoint]),
  );
  expect(checkpoints.size).toBeGreaterThanOrEqual(2);
  const ordered = [...checkpoints.values()].sort((a, b) => Number(a.id) - Number(b.id));
  for (const [index, c] of ordered.entries()) {
    const bytes = `{"createdAt":${JSON.stringify(c.created_at)},"headHash":${JSON.stringify(c.head_hash)},"headSeq":${JSON.stringify(c.head_seq)},"keyId":${JSON.stringify(c.key_id)},"prevSignature":${JSON.stringify(c.prev_signature)},"v":1}`;
    expect(c.key_id).toBe(keyId);
    expect(verify(null, Buffer.from(bytes, "utf8"), publicKey, Buffer.from(c.signature, "base64url")), `checkpoint ${c.id}`).toBe(true);
    if (c.head_seq !== "0") expect(unique.get(c.head_seq)?.magic_link.chain.hash).toBe(c.head_hash);
    expect(c.prev_signature).toBe(index === 0 ? "" : ordered[index - 1].signature);
  }
  // The check is not vacuous: the newest checkpoint with its head moved back one does not verify.
  const newest = ordered.at(-1)!;
  const forged = `{"createdAt":${JSON.stringify(newest.created_at)},"headHash":${JSON.stringify(newest.head_hash)},"headSeq":${JSON.stringify(String(BigInt(newest.head_seq) - 1n))},"keyId":${JSON.stringify(newest.key_id)},"prevSignature":${JSON.stringify(newest.prev_signature)},"v":1}`;
  expect(verify(null, Buffer.from(forged, "utf8"), publicKey, Buffer.from(newest.signature, "base64url"))).toBe(false);
});

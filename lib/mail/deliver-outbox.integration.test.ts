import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { requestSignIn } from "@/lib/magic-link/request/request-sign-in";
import { keyedHash } from "@/lib/security/secrets";
import { startMailCatcher } from "./catcher";
import { claimDueEmails, deliverClaimed } from "./deliver-outbox";
import { readMailbox } from "./mailbox";
import { enqueueEmail } from "./outbox";
import { resetMailTransport } from "./transport";

const folder = mkdtempSync(path.join(os.tmpdir(), "outbox-mailbox-"));
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  const port = 20_000 + (process.pid % 20_000);
  catcher = await startMailCatcher({ port, folder, scriptedReplies: true });
  process.env.EMAIL_SERVER = `smtp://127.0.0.1:${port}`;
  process.env.EMAIL_FROM = "Outbox test <outbox@acme.test>";
  // A minute's backoff: the tests below read the decision, they never wait for a retry.
  process.env.EMAIL_RETRY_BASE_SECONDS = "60";
  resetEnvCache();
  resetMailTransport();
});

afterAll(async () => {
  resetMailTransport();
  await catcher?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("outbox delivery", () => {
  it("a batch that outlived its lease does not send what another worker claimed since: the message goes out once", async () => {
    const to = `lease-${randomBytes(4).toString("hex")}@example.com`;
    const id = await db.$transaction((tx) =>
      enqueueEmail(tx, {
        to,
        payload: {
          kind: "notice",
          subject: "Lease test",
          props: { appName: "Acme", heading: "Hello", paragraphs: ["One message."], footerReason: "a test" },
        },
      }),
    );
    // First in line for any worker.
    await db.emailOutbox.update({ where: { id }, data: { nextTryAt: new Date(0) } });

    const now = Date.now();
    const stalled = await claimDueEmails(new Date(now));
    // A minute later the first worker still has not sent (overloaded); its lease ran out and another claims the row.
    const later = await claimDueEmails(new Date(now + 61_000));
    expect(stalled.rows.map((row) => row.id)).toContain(id);
    expect(later.rows.map((row) => row.id)).toContain(id);

    const stalledOutcomes = await deliverClaimed(stalled);
    expect(stalledOutcomes[stalled.rows.findIndex((row) => row.id === id)]).toBe("taken-over");
    const laterOutcomes = await deliverClaimed(later);
    expect(laterOutcomes[later.rows.findIndex((row) => row.id === id)]).toBe("sent");

    expect(readMailbox(folder, to)).toHaveLength(1);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", payload: null, tries: 1 });
  });
});

const device = (deviceHash = keyedHash("binding", randomUUID())) => ({
  ip: `198.18.${randomBytes(1)[0]}.${(randomBytes(1)[0] % 250) + 1}`,
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  deviceHash,
  method: "POST",
});

/** Requests a sign-in (at `now`, so its link may already be expired) and makes its email first in line. */
async function queuedSignIn(email: string, facts = device(), now = new Date()) {
  const outcome = await requestSignIn({ email, callbackPath: "/account" }, facts, now);
  if (!outcome.issued) throw new Error("not issued");
  await db.emailOutbox.updateMany({ where: { attemptId: outcome.attemptId }, data: { nextTryAt: new Date(0) } });
  return outcome.attemptId;
}

/** Delivers one claim and returns what happened to the message of `attemptId` in it. */
async function deliverNow(attemptId: string, claim?: Awaited<ReturnType<typeof claimDueEmails>>) {
  claim ??= await claimDueEmails();
  const outcomes = await deliverClaimed(claim);
  const index = claim.rows.findIndex((row) => row.attemptId === attemptId);
  if (index < 0) throw new Error("the message was not claimed");
  return outcomes[index];
}

const outboxOf = (attemptId: string) => db.emailOutbox.findFirstOrThrow({ where: { attemptId } });
const eventsOf = (attemptId: string) => db.auditEvent.findMany({ where: { attemptId }, orderBy: { seq: "asc" } });
const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

describe("the outbox never mails a link that can no longer be used", () => {
  it("a link superseded after its message was claimed (while it rendered) is dropped, with email.skipped and the reason", async () => {
    const email = address("superseded");
    const browser = device();
    const first = await queuedSignIn(email, browser);
    const claim = await claimDueEmails();
    // The same browser asks again while the first message is in the worker's hands.
    const second = await queuedSignIn(email, { ...browser, ip: device().ip });
    expect((await db.loginAttempt.findUniqueOrThrow({ where: { id: first } })).status).toBe("SUPERSEDED");

    expect(await deliverNow(first, claim)).toBe("skipped");
    expect(await deliverNow(second)).toBe("sent");

    // Provably processed: the first row is closed and the second one went out; only the second is in the mailbox.
    expect(await outboxOf(first)).toMatchObject({ status: "DEAD", payload: null, tries: 0 });
    const mail = readMailbox(folder, email);
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(`/verify/${second}`);
    const skipped = (await eventsOf(first)).filter((event) => event.type === "email.skipped");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ outcome: "failure", reason: "a newer link was requested" });
    expect(skipped[0].details).toMatchObject({ skipped: "link-superseded", kind: "magic-link" });
    expect((await eventsOf(first)).map((event) => event.type)).not.toContain("email.sent");
  });

  it("a link that expired while it waited in the queue is dropped, never mailed", async () => {
    const email = address("expired");
    const attemptId = await queuedSignIn(email, device(), new Date(Date.now() - 11 * 60_000));

    expect(await deliverNow(attemptId)).toBe("skipped");

    expect(await outboxOf(attemptId)).toMatchObject({ status: "DEAD", payload: null });
    expect(readMailbox(folder, email)).toHaveLength(0);
    const skipped = (await eventsOf(attemptId)).find((event) => event.type === "email.skipped");
    expect(skipped?.details).toMatchObject({ skipped: "link-expired" });
  });

  it("a cancelled or redeemed link is dropped too", async () => {
    for (const [status, reason] of [
      ["CANCELLED", "link-cancelled"],
      ["REDEEMED", "link-redeemed"],
    ] as const) {
      const email = address(status.toLowerCase());
      const attemptId = await queuedSignIn(email);
      await db.loginAttempt.update({ where: { id: attemptId }, data: { status } });
      expect(await deliverNow(attemptId)).toBe("skipped");
      expect(readMailbox(folder, email)).toHaveLength(0);
      expect((await eventsOf(attemptId)).find((event) => event.type === "email.skipped")?.details).toMatchObject({ skipped: reason });
    }
  });
});

describe("a message the server accepted", () => {
  it("is marked sent with its secret wiped, its attempt learns so (a DELIVERY_FAILED one is open again), and email.sent joins the chain", async () => {
    const email = address("accepted");
    const attemptId = await queuedSignIn(email);
    // An earlier try had failed: the attempt told the person it was retrying.
    await db.loginAttempt.update({
      where: { id: attemptId },
      data: { status: "DELIVERY_FAILED", deliveryStatus: "FAILED", deliveryProblem: "retrying" },
    });

    expect(await deliverNow(attemptId)).toBe("sent");

    const row = await outboxOf(attemptId);
    expect(row).toMatchObject({ status: "SENT", payload: null, lockedUntil: null, tries: 1 });
    expect(row.messageId).toMatch(/@/);
    expect(row.sentAt).toBeInstanceOf(Date);
    const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({
      status: "PENDING",
      deliveryStatus: "SENT",
      deliveryProblem: null,
      smtpMessageId: row.messageId,
      sentAt: row.sentAt,
    });
    expect(attempt.smtpResponse).toMatch(/^250/);
    const sent = (await eventsOf(attemptId)).filter((event) => event.type === "email.sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ outcome: "success" });
    expect(sent[0].details).toMatchObject({ messageId: row.messageId, tries: 1, kind: "magic-link" });
    expect(sent[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(readMailbox(folder, email)).toHaveLength(1);
  });
});

describe("permanent and temporary SMTP failures", () => {
  it("a 550 refusal of the recipient is permanent: not retried, the attempt says refused", async () => {
    const email = address("smtp-550");
    const attemptId = await queuedSignIn(email);

    expect(await deliverNow(attemptId)).toBe("failed");

    expect(await outboxOf(attemptId)).toMatchObject({ status: "DEAD", payload: null, tries: 1 });
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "DELIVERY_FAILED",
      deliveryStatus: "FAILED",
      deliveryProblem: "refused",
    });
    const failed = (await eventsOf(attemptId)).filter((event) => event.type === "email.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatch(/550/);
    expect(failed[0].details).toMatchObject({ failure: "permanent", willRetry: false, smtpReply: 550, stoppedBecause: "permanent" });
    // Nothing is due any more: a later claim does not pick it up.
    const later = await claimDueEmails(new Date(Date.now() + 24 * 3_600_000));
    await deliverClaimed(later);
    expect(later.rows.map((row) => row.attemptId)).not.toContain(attemptId);
    expect(readMailbox(folder, email)).toHaveLength(0);
  });

  it("a 451 is temporary: tried again after the backoff, the attempt says retrying", async () => {
    const email = address("smtp-451");
    const attemptId = await queuedSignIn(email);
    const before = Date.now();

    expect(await deliverNow(attemptId)).toBe("failed");

    const row = await outboxOf(attemptId);
    expect(row).toMatchObject({ status: "PENDING", tries: 1 });
    expect(row.payload).not.toBeNull();
    expect(row.nextTryAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      status: "DELIVERY_FAILED",
      deliveryProblem: "retrying",
    });
    const failed = (await eventsOf(attemptId)).find((event) => event.type === "email.failed");
    expect(failed?.details).toMatchObject({
      failure: "temporary",
      willRetry: true,
      smtpReply: 451,
      nextTryAt: row.nextTryAt.toISOString(),
    });
  });

  it("a temporary failure stops instead of retrying when the next try would come after the link's expiry", async () => {
    const email = address("smtp-451");
    // Issued so that 30 seconds of the link are left: less than the minute's backoff.
    const attemptId = await queuedSignIn(email, device(), new Date(Date.now() - 10 * 60_000 + 30_000));

    expect(await deliverNow(attemptId)).toBe("failed");

    expect(await outboxOf(attemptId)).toMatchObject({ status: "DEAD", payload: null, tries: 1 });
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ deliveryProblem: "refused" });
    expect((await eventsOf(attemptId)).find((event) => event.type === "email.failed")?.details).toMatchObject({
      failure: "temporary",
      willRetry: false,
      stoppedBecause: "link-expires-first",
    });
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decrypt, keyedHash } from "@/lib/security/secrets";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import type { OutboxPayload } from "@/lib/mail/outbox";
import { approveOtherDevice, reportUnrequestedSignIn } from "./cross-device/approve-other-device";
import { enterCode } from "./code/enter-code";
import { openLink } from "./link/open-link";
import { finishApprovedSignIn, redeemLink } from "./redeem/redeem";
import { requestSignIn } from "./request/request-sign-in";
import { insertIssuedAttempt, loadRequester } from "./request/issue-attempt";
import { newId } from "@/lib/security/ids";
import { forgetScoringJobs, scoringJobStates } from "@/test/support/scoring-jobs";

/** A browser: its own binding secret and network. */
function browser() {
  const octet = () => 1 + (randomBytes(1)[0] % 250);
  return {
    ip: `203.0.${octet()}.${octet()}`,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
    deviceHash: keyedHash("binding", randomBytes(32).toString("base64url")),
    method: "POST",
  };
}

async function request(device = browser()) {
  const email = `lifecycle-${randomBytes(5).toString("hex")}@example.com`;
  const outcome = await requestSignIn({ email, callbackPath: "/account" }, device);
  if (!outcome.issued) throw new Error("not issued");
  const row = await db.emailOutbox.findFirstOrThrow({ where: { attemptId: outcome.attemptId } });
  const payload = JSON.parse(decrypt(row.payload!)) as Extract<OutboxPayload, { kind: "magic-link" }>;
  const token = new URL(payload.url).hash.slice(1);
  return { email, device, attemptId: outcome.attemptId, token, code: payload.code };
}

async function eventTypes(attemptId: string): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { attemptId }, orderBy: { seq: "asc" }, select: { type: true } });
  return events.map((event) => event.type);
}

describe("each lifecycle path writes exactly its events", () => {
  it("request → open → redeem in the same browser", async () => {
    const sign = await request();
    expect(await openLink(sign.attemptId, sign.token, sign.device)).toEqual({ state: "redeem-here" });
    const result = await redeemLink(sign.attemptId, sign.token, false, sign.device);
    expect(result.ok).toBe(true);
    expect(await eventTypes(sign.attemptId)).toEqual([
      "attempt.requested",
      "link.issued",
      "email.queued",
      "link.opened",
      "link.confirmed",
      "attempt.redeemed",
    ]);
    const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } });
    expect(attempt).toMatchObject({ status: "REDEEMED", redeemedVia: "same-browser" });
    expect(attempt.openedAt && attempt.redeemedAt).toBeTruthy();
    // Only keyed hashes are stored.
    expect(JSON.stringify(attempt)).not.toContain(sign.token);
    expect(JSON.stringify(attempt)).not.toContain(sign.code);
  });

  it("a newer request supersedes the pending one", async () => {
    const first = await request();
    const second = await requestSignIn({ email: first.email, callbackPath: "/account" }, first.device);
    expect(second.issued).toBe(true);
    expect(await eventTypes(first.attemptId)).toEqual(["attempt.requested", "link.issued", "email.queued", "attempt.superseded"]);
    expect(await redeemLink(first.attemptId, first.token, false, first.device)).toEqual({ ok: false, reason: "superseded" });
    expect((await eventTypes(first.attemptId)).at(-1)).toBe("attempt.refused");
  });

  it("a request from another browser supersedes nothing: a stranger cannot kill the owner's link", async () => {
    const owner = await request();
    const stranger = browser();
    const second = await requestSignIn({ email: owner.email, callbackPath: "/account" }, stranger);
    expect(second.issued).toBe(true);
    expect((await db.loginAttempt.findUniqueOrThrow({ where: { id: owner.attemptId } })).status).toBe("PENDING");
    expect((await redeemLink(owner.attemptId, owner.token, false, owner.device)).ok).toBe(true);
  });

  it("an attempt redeemed between reading and superseding stays redeemed, and no superseded event is written", async () => {
    const first = await request();
    // Read the open attempts as a new request would, then let the first one be redeemed.
    const requester = await loadRequester(first.email, first.device.deviceHash);
    expect(requester.openAttemptIds).toEqual([first.attemptId]);
    expect((await redeemLink(first.attemptId, first.token, false, first.device)).ok).toBe(true);
    const now = new Date();
    const id = newId();
    const superseded = await insertIssuedAttempt({
      supersede: requester.openAttemptIds,
      attempt: {
        id,
        email: first.email,
        userId: null,
        linkTokenHash: keyedHash("link-token", id),
        codeHash: "c",
        bindingHash: "b",
        callbackPath: "/account",
        requestIp: "203.0.113.1",
        requestNetwork: "203.0.113.1",
        requestUserAgent: null,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
      },
      outbox: {
        id: newId(),
        payload: { kind: "notice", subject: "s", props: { appName: "a", heading: "h", paragraphs: [], footerReason: "f" } },
      },
      events: [
        { type: "attempt.superseded", attemptId: first.attemptId, onlyIfSuperseded: true },
        { type: "attempt.requested", attemptId: id },
      ],
    });
    expect(superseded).toEqual([]);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: first.attemptId } })).toMatchObject({ status: "REDEEMED" });
    expect(await eventTypes(first.attemptId)).not.toContain("attempt.superseded");
    expect(await eventTypes(id)).toEqual(["attempt.requested"]);
    expect(await db.emailOutbox.count({ where: { attemptId: id } })).toBe(1);
  });

  it("use after expiry and reuse are refused and recorded", async () => {
    const expired = await request();
    await db.loginAttempt.update({ where: { id: expired.attemptId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await redeemLink(expired.attemptId, expired.token, false, expired.device)).toEqual({ ok: false, reason: "expired" });
    expect((await eventTypes(expired.attemptId)).at(-1)).toBe("attempt.expired_use");

    const used = await request();
    await redeemLink(used.attemptId, used.token, false, used.device);
    expect(await redeemLink(used.attemptId, used.token, false, used.device)).toEqual({ ok: false, reason: "already-used" });
    expect((await eventTypes(used.attemptId)).at(-1)).toBe("attempt.reuse");
  });

  it("five wrong codes cancel the attempt; the right code afterwards is refused", async () => {
    const sign = await request();
    const wrong = String((Number(sign.code) + 1) % 1_000_000).padStart(6, "0");
    for (let index = 0; index < 5; index++) await enterCode(sign.attemptId, wrong, sign.device);
    expect(await enterCode(sign.attemptId, sign.code, sign.device)).toMatchObject({ ok: false, reason: "cancelled" });
    const types = await eventTypes(sign.attemptId);
    expect(types.filter((type) => type === "code.failed")).toHaveLength(5);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({
      status: "CANCELLED",
      codeFailures: 5,
    });
  });

  it("cross-device approval: requested, approved, finished by the original browser only", async () => {
    const sign = await request();
    const phone = browser();
    const view = await openLink(sign.attemptId, sign.token, phone);
    expect(view.state).toBe("approve-for-original");
    const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } });
    expect(await finishApprovedSignIn(sign.attemptId, phone)).toMatchObject({ ok: false });
    expect(await approveOtherDevice(sign.attemptId, sign.token, attempt.approvalNumber!, phone)).toEqual({ approved: true });
    expect(await finishApprovedSignIn(sign.attemptId, phone)).toMatchObject({ ok: false, reason: "other-browser" });
    expect((await finishApprovedSignIn(sign.attemptId, sign.device)).ok).toBe(true);
    expect(await eventTypes(sign.attemptId)).toEqual([
      "attempt.requested",
      "link.issued",
      "email.queued",
      "link.opened",
      "crossdevice.requested",
      "attempt.refused_other_browser",
      "crossdevice.approved",
      "attempt.refused_other_browser",
      "link.confirmed",
      "attempt.redeemed",
    ]);
  });

  it("a wrong number cancels the attempt", async () => {
    const sign = await request();
    const phone = browser();
    const view = await openLink(sign.attemptId, sign.token, phone);
    if (view.state !== "approve-for-original") throw new Error(view.state);
    const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } });
    const wrong = attempt.approvalNumber === 42 ? 43 : 42;
    expect(await approveOtherDevice(sign.attemptId, sign.token, wrong, phone)).toEqual({ approved: false, reason: "wrong-number" });
    expect((await eventTypes(sign.attemptId)).at(-1)).toBe("crossdevice.denied");
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({
      status: "CANCELLED",
      failureReason: "wrong-number",
    });
  });

  it("every number typed at once: exactly one is judged, and a blind race cannot find the right one", async () => {
    const sign = await request();
    const phone = browser();
    await openLink(sign.attemptId, sign.token, phone);
    const numbers = Array.from({ length: 90 }, (_, index) => index + 10);
    const results = await Promise.all(numbers.map((typed) => approveOtherDevice(sign.attemptId, sign.token, typed, phone)));
    const judged = results.filter((result) => result.approved || result.reason === "wrong-number");
    expect(judged).toHaveLength(1);
    const attempt = await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } });
    // Either the first number judged was the right one (1 in 90) or the attempt is cancelled for good.
    expect(attempt.approvedAt !== null).toBe(judged[0].approved);
    if (!judged[0].approved) expect(attempt).toMatchObject({ status: "CANCELLED", failureReason: "wrong-number" });
  });

  it('"I did not request this" cancels the attempt, tells the owner and raises an alert, once', async () => {
    const sign = await request();
    const phone = browser();
    await openLink(sign.attemptId, sign.token, phone);
    expect(await reportUnrequestedSignIn(sign.attemptId, sign.token, phone)).toEqual({ cancelled: true });
    expect(await reportUnrequestedSignIn(sign.attemptId, sign.token, phone)).toEqual({ cancelled: false });
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({
      status: "CANCELLED",
      failureReason: "not-requested",
    });
    expect(await db.alert.count({ where: { attemptId: sign.attemptId, kind: "unrequested-sign-in" } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { to: sign.email, kind: "notice" } })).toBe(1);
    expect(await approveOtherDevice(sign.attemptId, sign.token, 42, phone)).toEqual({ approved: false, reason: "cancelled" });
  });

  it("50 parallel redemptions: exactly one wins, and the chain still verifies", async () => {
    const sign = await request();
    const results = await Promise.all(Array.from({ length: 50 }, () => redeemLink(sign.attemptId, sign.token, false, sign.device)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await db.signInGrant.count({ where: { attemptId: sign.attemptId } })).toBe(1);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });
});

describe("each lifecycle step queues the attempt's scoring itself, on the same conditions its route used to", () => {
  /** Runs `step` on an attempt whose earlier scoring jobs are forgotten: did the step queue one? */
  async function queuesScoring(attemptId: string, step: () => Promise<unknown>): Promise<boolean> {
    await forgetScoringJobs(attemptId);
    await step();
    return (await scoringJobStates(attemptId)).length > 0;
  }

  it("a request, for the attempt it issued", async () => {
    const sign = await request();
    expect(await scoringJobStates(sign.attemptId)).toEqual(["created"]);
  });

  it("opening a link: only when it fails, never for a link that names no attempt", async () => {
    const sign = await request();
    expect(await queuesScoring(sign.attemptId, () => openLink(sign.attemptId, sign.token, sign.device))).toBe(false);
    expect(await queuesScoring(sign.attemptId, () => openLink(sign.attemptId, "not-the-token", sign.device))).toBe(false);
    const junk = newId();
    expect(await openLink(junk, "junk", sign.device)).toEqual({ state: "failed", reason: "not-found" });
    expect(await scoringJobStates(junk)).toEqual([]);
    await db.loginAttempt.update({ where: { id: sign.attemptId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await queuesScoring(sign.attemptId, () => openLink(sign.attemptId, sign.token, sign.device))).toBe(true);
  });

  it("redeeming: won or refused, but not with a token that names no attempt", async () => {
    const sign = await request();
    expect(await queuesScoring(sign.attemptId, () => redeemLink(sign.attemptId, "not-the-token", false, sign.device))).toBe(false);
    expect(await queuesScoring(sign.attemptId, () => redeemLink(sign.attemptId, sign.token, false, sign.device))).toBe(true);
    expect(await queuesScoring(sign.attemptId, () => redeemLink(sign.attemptId, sign.token, false, sign.device))).toBe(true);
  });

  it("a typed code, wrong or right", async () => {
    const sign = await request();
    const wrong = String((Number(sign.code) + 1) % 1_000_000).padStart(6, "0");
    expect(await queuesScoring(sign.attemptId, () => enterCode(sign.attemptId, wrong, sign.device))).toBe(true);
    expect(await queuesScoring(sign.attemptId, () => enterCode(sign.attemptId, sign.code, sign.device))).toBe(true);
  });

  it("approving from another device when there is something to approve, and finishing in the original tab", async () => {
    const sign = await request();
    const phone = browser();
    // Not waiting for an approval yet (the phone has not opened the link): nothing to approve.
    expect(await queuesScoring(sign.attemptId, () => approveOtherDevice(sign.attemptId, sign.token, 42, phone))).toBe(false);
    expect(await openLink(sign.attemptId, sign.token, phone)).toMatchObject({ state: "approve-for-original" });
    const { approvalNumber } = await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } });
    expect(await queuesScoring(sign.attemptId, () => approveOtherDevice(sign.attemptId, sign.token, approvalNumber!, phone))).toBe(true);
    expect(await queuesScoring(sign.attemptId, () => finishApprovedSignIn(sign.attemptId, phone))).toBe(true);
    expect(await queuesScoring(sign.attemptId, () => finishApprovedSignIn(sign.attemptId, sign.device))).toBe(true);
  });
});

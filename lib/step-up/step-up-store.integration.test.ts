import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashSessionToken, loadActiveSession } from "@/lib/auth/session-store";
import { checkStepUp } from "./check-step-up";
import { issueRecoveryCodes, spendRecoveryCode } from "./recovery-codes";
import { readStepUpRecord } from "./step-up-record";

const facts = { ip: "203.0.113.8", userAgent: "integration", deviceHash: null, method: "POST" };

async function sessionWith(stepUps: object) {
  const user = await db.user.create({ data: { email: `stepup-${randomBytes(4).toString("hex")}@example.com` } });
  await db.passkey.create({
    data: { userId: user.id, credentialId: randomBytes(16).toString("base64url"), publicKey: new Uint8Array([1]), name: "test" },
  });
  const sessionToken = randomBytes(24).toString("hex");
  await db.session.create({
    data: { tokenHash: hashSessionToken(sessionToken), userId: user.id, expires: new Date(Date.now() + 3_600_000), stepUps },
  });
  return (await loadActiveSession(sessionToken))!;
}

describe("step-up state in PostgreSQL", () => {
  it("notes admin use in Session.stepUps without touching the proofs", async () => {
    const provenAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const session = await sessionWith({ passkey: provenAt });
    expect(await checkStepUp(session, "admin.access")).toMatchObject({ allowed: true, provenBy: "passkey" });
    const stored = (await db.session.findUniqueOrThrow({ where: { id: session.id } })).stepUps;
    const record = readStepUpRecord(stored);
    expect(record.proofs.passkey?.toISOString()).toBe(provenAt);
    expect(Date.now() - record.lastUsed["admin.access"]!.getTime()).toBeLessThan(5_000);
  });

  it("refuses a magic-link session of an account with a passkey, with the passkey as the way forward", async () => {
    const session = await sessionWith({});
    expect(await checkStepUp(session, "account.changeEmail")).toEqual({
      allowed: false,
      required: true,
      acceptedMethods: ["passkey"],
      reason: "no-proof",
    });
  });

  it("spends a recovery code exactly once, even when two requests race", async () => {
    const session = await sessionWith({});
    const codes = await db.$transaction((tx) => issueRecoveryCodes(tx, session.userId));
    const outcomes = await Promise.all(
      [1, 2, 3].map(() =>
        spendRecoveryCode({ userId: session.userId, email: session.user.email, sessionHash: session.tokenHash }, codes[3], facts),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(
      await spendRecoveryCode({ userId: session.userId, email: session.user.email, sessionHash: session.tokenHash }, "not-a-code", facts),
    ).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: session.userId, usedAt: null } })).toBe(9);
    expect(await db.auditEvent.count({ where: { userId: session.userId, type: "factor.recovery_used" } })).toBe(1);
  });
});

import { randomBytes } from "node:crypto";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decrypt, encrypt } from "@/lib/security/secrets";
import { issueRecoveryCodes } from "@/lib/step-up/recovery-codes";
import { newTotpSecret } from "@/lib/step-up/totp";
import { OWNER_REPORTED_LOCK_REASON } from "./secure-account";
import { unlockWithCode } from "./unlock-with-code";

const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;
/** Each test guesses from its own network, so the per-network budget of one never pauses another. */
const factsFrom = () => ({
  ip: `203.0.${randomBytes(1)[0]}.${(randomBytes(1)[0] % 250) + 1}`,
  userAgent: "integration",
  deviceHash: null,
  method: "POST",
});

async function lockedAccount(label: string, lockReason = OWNER_REPORTED_LOCK_REASON) {
  const user = await db.user.create({ data: { email: address(label), lockedAt: new Date(), lockReason } });
  const codes = await db.$transaction((tx) => issueRecoveryCodes(tx, user.id));
  const secret = newTotpSecret();
  await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: encrypt(secret), confirmedAt: new Date() } });
  return { user, codes, secret };
}

async function stateOf(userId: string) {
  const [user, usedCodes, unlocked, alerts, outbox] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: { not: null } } }),
    db.auditEvent.findMany({ where: { userId, type: "account.unlocked", outcome: "success" } }),
    db.alert.findMany({ where: { userId, kind: "owner-unlocked-account" } }),
    db.emailOutbox.findMany({ where: { to: (await db.user.findUniqueOrThrow({ where: { id: userId } })).email } }),
  ]);
  const notices = outbox.map((row) => JSON.parse(decrypt(row.payload!)) as { subject: string; props: { paragraphs: string[] } });
  return { locked: user.lockedAt !== null, lockReason: user.lockReason, usedCodes, unlocked, alerts, notices };
}

describe("unlockWithCode", () => {
  it("lifts the owner's lock with a recovery code, in one transaction: code spent, audited, admins alerted, owner told; no session", async () => {
    const { user, codes } = await lockedAccount("unlock-recovery");
    expect(await unlockWithCode(user.email, codes[3].toUpperCase(), factsFrom())).toBe("checked");
    const state = await stateOf(user.id);
    expect(state).toMatchObject({ locked: false, lockReason: null, usedCodes: 1 });
    expect(state.unlocked.map((event) => event.details)).toEqual([{ method: "recovery-code", by: "owner", recoveryCodesLeft: 9 }]);
    expect(state.alerts.map((alert) => alert.severity)).toEqual(["ELEVATED"]);
    expect(state.notices.map((notice) => notice.subject)).toEqual(["Your Acme account was unlocked"]);
    expect(state.notices[0].props.paragraphs[0]).toMatch(/unlocked with one of your recovery codes on .* UTC, from /);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // Spent: the same code again is just a wrong code, on an account that is no longer locked.
    expect(await unlockWithCode(user.email, codes[3], factsFrom())).toBe("checked");
    expect((await stateOf(user.id)).unlocked).toHaveLength(1);
  });

  it("lifts it with an authenticator app code, and spends that time step", async () => {
    const { user, secret } = await lockedAccount("unlock-totp");
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
    expect(await unlockWithCode(user.email, code, factsFrom())).toBe("checked");
    const state = await stateOf(user.id);
    expect(state.locked).toBe(false);
    expect(state.unlocked.map((event) => event.details)).toEqual([{ method: "totp", by: "owner" }]);
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).lastUsedStep).not.toBeNull();
  });

  it("one recovery code raced as often as the account's budget allows unlocks once and is used once", async () => {
    const { user, codes } = await lockedAccount("unlock-race-same");
    // STEP_UP_CODE_FAILURES allows five guesses in flight for one account.
    const answers = await Promise.all(Array.from({ length: 5 }, () => unlockWithCode(user.email, codes[0], factsFrom())));
    expect(new Set(answers)).toEqual(new Set(["checked"]));
    const state = await stateOf(user.id);
    expect(state).toMatchObject({ locked: false, usedCodes: 1 });
    expect(state.unlocked).toHaveLength(1);
    expect(state.alerts).toHaveLength(1);
    expect(state.notices).toHaveLength(1);
  });

  it("two different right codes racing: one unlock wins, and the loser's recovery code stays unused", async () => {
    const { user, codes } = await lockedAccount("unlock-race-two");
    await Promise.all(codes.slice(0, 5).map((code) => unlockWithCode(user.email, code, factsFrom())));
    const state = await stateOf(user.id);
    expect(state).toMatchObject({ locked: false, usedCodes: 1 });
    expect(state.unlocked).toHaveLength(1);
    expect(state.notices).toHaveLength(1);
  });

  it("never lifts an administrator's lock, and leaves the code unspent", async () => {
    const { user, codes, secret } = await lockedAccount("unlock-admin-lock", "fraud review");
    expect(await unlockWithCode(user.email, codes[0], factsFrom())).toBe("checked");
    expect(await unlockWithCode(user.email, await generate({ secret, epoch: Math.floor(Date.now() / 1000) }), factsFrom())).toBe("checked");
    const state = await stateOf(user.id);
    expect(state).toMatchObject({ locked: true, lockReason: "fraud review", usedCodes: 0, unlocked: [], alerts: [], notices: [] });
    expect((await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).lastUsedStep).toBeNull();
  });

  it("does nothing for an account that is not locked: no code spent, nobody signed in", async () => {
    const user = await db.user.create({ data: { email: address("unlock-not-locked") } });
    const [code] = await db.$transaction((tx) => issueRecoveryCodes(tx, user.id));
    expect(await unlockWithCode(user.email, code, factsFrom())).toBe("checked");
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("charges wrong codes to the account's step-up budget, before comparing: a paused account refuses even the right code", async () => {
    const { user, codes } = await lockedAccount("unlock-budget");
    const facts = factsFrom();
    const wrong = await Promise.all(Array.from({ length: 12 }, () => unlockWithCode(user.email, "000000", facts)));
    // STEP_UP_CODE_FAILURES is 5 per 15 minutes: five judged, the rest paused, whatever the interleaving.
    expect(wrong.filter((answer) => answer === "checked")).toHaveLength(5);
    expect(wrong.filter((answer) => answer === "paused")).toHaveLength(7);
    expect(await unlockWithCode(user.email, codes[0], factsFrom())).toBe("paused");
    expect((await stateOf(user.id)).locked).toBe(true);
    // Each judged wrong code took a place in the account's lifetime streak.
    expect((await db.codeFailureStreak.findUniqueOrThrow({ where: { key: `user:${user.id}` } })).failures).toBe(5);
  });

  it("gives an unknown address the same answer and the same budget as a real one", async () => {
    const email = address("unlock-unknown");
    const facts = factsFrom();
    const answers = await Promise.all(Array.from({ length: 8 }, () => unlockWithCode(email, "123456", facts)));
    expect(answers.filter((answer) => answer === "checked")).toHaveLength(5);
    expect(answers.filter((answer) => answer === "paused")).toHaveLength(3);
  });

  it("a flood of refused codes from one network adds a handful of audit events, not one each", async () => {
    const email = address("unlock-flood");
    const facts = factsFrom();
    const failures = () => db.auditEvent.count({ where: { type: "account.unlocked", outcome: "failure", ip: facts.ip } });
    const before = await failures();
    for (let round = 0; round < 4; round++) await Promise.all(Array.from({ length: 10 }, () => unlockWithCode(email, "123456", facts)));
    // 40 refusals (5 judged, 35 paused) from one network: the 1st, 2nd, 4th, 8th, 16th and 32nd are recorded.
    expect((await failures()) - before).toBe(6);
  });
});

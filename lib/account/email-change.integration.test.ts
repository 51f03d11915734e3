import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashSessionToken, loadActiveSession } from "@/lib/auth/session-store";
import { decrypt } from "@/lib/security/secrets";
import { confirmEmailChange } from "./confirm-email-change";
import { requestEmailChange } from "./request-email-change";
import { revertEmailChange } from "./revert-email-change";
import { lockAccount } from "@/lib/admin/account-lock";
import { encrypt } from "@/lib/security/secrets";
import { issueRecoveryCodes } from "@/lib/step-up/recovery-codes";
import { newTotpSecret } from "@/lib/step-up/totp";
import { generate } from "otplib";

const facts = { ip: "203.0.113.7", userAgent: "integration", deviceHash: null, method: "POST" };
const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

async function signedInUser(email: string, sessions: number) {
  const user = await db.user.create({ data: { email } });
  const tokens = Array.from({ length: sessions }, () => randomBytes(24).toString("hex"));
  for (const token of tokens)
    await db.session.create({
      data: { tokenHash: hashSessionToken(token), userId: user.id, expires: new Date(Date.now() + 3_600_000), amr: ["email"] },
    });
  return { user, sessions: await Promise.all(tokens.map(async (token) => (await loadActiveSession(token))!)) };
}

/** The link a queued notice carries (the outbox payload is encrypted at rest). */
async function linkSentTo(to: string): Promise<{ changeId: string; token: string }> {
  const row = await db.emailOutbox.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
  const url = new URL((JSON.parse(decrypt(row.payload!)) as { props: { action: { url: string } } }).props.action.url);
  return { changeId: url.searchParams.get("change")!, token: url.hash.slice(1) };
}

describe("email change", () => {
  it("confirms once, keeps only the confirming session, supersedes pending links, and can be undone once", async () => {
    const oldEmail = address("old");
    const newEmail = address("new");
    const { user, sessions } = await signedInUser(oldEmail, 2);
    const pending = await db.loginAttempt.create({
      data: {
        email: oldEmail,
        linkTokenHash: randomBytes(32).toString("hex"),
        codeHash: "x",
        bindingHash: "b",
        expiresAt: new Date(Date.now() + 600_000),
      },
    });

    expect(await requestEmailChange(sessions[0], newEmail, facts)).toEqual({ ok: true, newEmail });
    const confirmation = await linkSentTo(newEmail);
    const racing = await Promise.all([1, 2].map(() => confirmEmailChange(confirmation.changeId, confirmation.token, sessions[0], facts)));
    expect(racing.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(racing.find((outcome) => !outcome.ok)).toEqual({ ok: false, code: "already-used" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
    expect((await db.session.findMany({ where: { userId: user.id } })).map((session) => session.id)).toEqual([sessions[0].id]);
    expect((await db.loginAttempt.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("SUPERSEDED");
    expect(await confirmEmailChange(confirmation.changeId, confirmation.token, null, facts)).toEqual({ ok: false, code: "already-used" });

    const undo = await linkSentTo(oldEmail);
    expect(await revertEmailChange(undo.changeId, confirmation.token, facts)).toEqual({ ok: false, code: "invalid-link" });
    expect(await revertEmailChange(undo.changeId, undo.token, facts)).toEqual({ ok: true, email: oldEmail, review: [] });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(oldEmail);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await revertEmailChange(undo.changeId, undo.token, facts)).toEqual({ ok: false, code: "already-used" });
    const types = (await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: { seq: "asc" } })).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(["email.change_requested", "email.changed", "email.change_reverted", "session.revoked", "attempt.superseded"]),
    );
  });

  it("sends nothing to an address another account uses, and answers the same", async () => {
    const taken = address("taken");
    await db.user.create({ data: { email: taken } });
    const { sessions } = await signedInUser(address("asker"), 1);
    expect(await requestEmailChange(sessions[0], taken, facts)).toEqual({ ok: true, newEmail: taken });
    expect(await db.emailOutbox.count({ where: { to: taken } })).toBe(0);
  });

  it("refuses an expired link", async () => {
    const { sessions } = await signedInUser(address("slow"), 1);
    const newEmail = address("later");
    await requestEmailChange(sessions[0], newEmail, facts);
    const link = await linkSentTo(newEmail);
    await db.emailChange.update({ where: { id: link.changeId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await confirmEmailChange(link.changeId, link.token, sessions[0], facts)).toEqual({ ok: false, code: "expired" });
  });

  it("a change asked for before an admin locked the account cannot be confirmed after the lock", async () => {
    const oldEmail = address("locked");
    const { user, sessions } = await signedInUser(oldEmail, 1);
    const newEmail = address("attacker");
    await requestEmailChange(sessions[0], newEmail, facts);
    const link = await linkSentTo(newEmail);
    const admin = await db.user.create({ data: { email: address("admin"), role: "ADMIN" } });
    await lockAccount(
      { userId: admin.id, email: admin.email, sessionHash: "s", ip: "192.0.2.1", userAgent: null, deviceHash: null },
      user.id,
      "suspected takeover",
    );
    expect((await confirmEmailChange(link.changeId, link.token, null, facts)).ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(oldEmail);
  });

  describe("undoing a change on an account with a factor", () => {
    const dayAgo = () => new Date(Date.now() - 86_400_000);

    /** An account with an authenticator app from before the change; the change is made and confirmed. */
    async function changedAccountWithTotp() {
      const oldEmail = address("factor-old");
      const { user, sessions } = await signedInUser(oldEmail, 1);
      const secret = newTotpSecret();
      await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: encrypt(secret), confirmedAt: dayAgo() } });
      const recoveryCodes = await db.$transaction((tx) => issueRecoveryCodes(tx, user.id));
      const newEmail = address("factor-new");
      await requestEmailChange(sessions[0], newEmail, facts);
      const confirmation = await linkSentTo(newEmail);
      expect((await confirmEmailChange(confirmation.changeId, confirmation.token, sessions[0], facts)).ok).toBe(true);
      return { user, oldEmail, newEmail, secret, recoveryCodes, undo: await linkSentTo(oldEmail) };
    }

    it("the old mailbox alone cannot undo it: the authenticator app or a recovery code must prove it", async () => {
      const { user, oldEmail, newEmail, secret, undo } = await changedAccountWithTotp();
      // Whoever holds the account now added a passkey; it proves nothing and is listed for review.
      await db.passkey.create({
        data: {
          userId: user.id,
          credentialId: `cred-${randomBytes(6).toString("hex")}`,
          publicKey: Buffer.from("x"),
          name: "Unknown phone",
        },
      });

      expect(await revertEmailChange(undo.changeId, undo.token, facts)).toEqual({
        ok: false,
        code: "factor-required",
        methods: ["totp", "recovery-code"],
      });
      expect(
        await revertEmailChange(undo.changeId, undo.token, facts, { method: "passkey", response: { id: "cred" } as never }),
      ).toMatchObject({ ok: false, code: "wrong-code" });
      const wrong = String((Number(await generate({ secret, epoch: Math.floor(Date.now() / 1000) })) + 500_000) % 1_000_000).padStart(
        6,
        "0",
      );
      expect(await revertEmailChange(undo.changeId, undo.token, facts, { method: "totp", code: wrong })).toMatchObject({
        ok: false,
        code: "wrong-code",
      });
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
      const refusals = await db.auditEvent.findMany({ where: { userId: user.id, type: "stepup.failed" } });
      expect(refusals.map((event) => (event.details as { policy: string }).policy)).toEqual(["email.revert", "email.revert"]);

      const right = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
      expect(await revertEmailChange(undo.changeId, undo.token, facts, { method: "totp", code: right })).toEqual({
        ok: true,
        email: oldEmail,
        review: ["passkey “Unknown phone”"],
      });
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(oldEmail);
    });

    it("a recovery code proves it too, once", async () => {
      const { user, oldEmail, recoveryCodes, undo } = await changedAccountWithTotp();
      expect(await revertEmailChange(undo.changeId, undo.token, facts, { method: "recovery-code", code: recoveryCodes[0] })).toMatchObject({
        ok: true,
        email: oldEmail,
      });
      expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    });

    it("parallel wrong codes are judged against the budget before they are compared", async () => {
      const { undo } = await changedAccountWithTotp();
      const outcomes = await Promise.all(
        Array.from({ length: 15 }, (_, index) =>
          revertEmailChange(undo.changeId, undo.token, facts, { method: "totp", code: String(index).padStart(6, "9") }),
        ),
      );
      const codes = outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.code));
      expect(codes.filter((code) => code === "wrong-code").length).toBeLessThanOrEqual(5);
      expect(codes.filter((code) => code === "paused").length).toBeGreaterThanOrEqual(10);
    });

    it("an authenticator app added after the change proves nothing and is listed for review", async () => {
      const oldEmail = address("late-factor");
      const { user, sessions } = await signedInUser(oldEmail, 1);
      const newEmail = address("late-factor-new");
      await requestEmailChange(sessions[0], newEmail, facts);
      const confirmation = await linkSentTo(newEmail);
      await confirmEmailChange(confirmation.changeId, confirmation.token, sessions[0], facts);
      await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: encrypt(newTotpSecret()), confirmedAt: new Date() } });
      const undo = await linkSentTo(oldEmail);
      expect(await revertEmailChange(undo.changeId, undo.token, facts)).toEqual({
        ok: true,
        email: oldEmail,
        review: ["authenticator app"],
      });
    });
  });
});

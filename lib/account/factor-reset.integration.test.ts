import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashSessionToken } from "@/lib/auth/session-store";
import type { AdminActor } from "@/lib/admin/require-admin";
import { AppError } from "../errors/app-error";
import { decrypt, keyedHash } from "@/lib/security/secrets";
import { completeDueFactorResets, completeFactorReset } from "./complete-factor-reset";
import { cancelFactorResetByAdmin, cancelFactorResetByOwner, requestFactorReset } from "./factor-reset";

const facts = { ip: "198.51.100.21", userAgent: "integration", deviceHash: null, method: "POST" };
const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;
const HOUR = 3_600_000;

async function admin(): Promise<AdminActor> {
  const user = await db.user.create({ data: { email: address("reset-admin"), role: "ADMIN" } });
  return {
    userId: user.id,
    email: user.email,
    sessionHash: hashSessionToken(randomBytes(24).toString("hex")),
    ip: "203.0.113.5",
    userAgent: "integration",
    deviceHash: null,
  };
}

/** An owner with a passkey, a confirmed authenticator app, two recovery codes and a session. */
async function ownerWithFactors() {
  const user = await db.user.create({ data: { email: address("reset-owner") } });
  await db.passkey.create({
    data: {
      userId: user.id,
      credentialId: randomBytes(16).toString("base64url"),
      publicKey: Buffer.from("key"),
      counter: 0,
      transports: [],
      name: "Laptop",
    },
  });
  await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: "sealed", confirmedAt: new Date() } });
  await db.recoveryCode.createMany({
    data: [0, 1].map((n) => ({ userId: user.id, codeHash: keyedHash("recovery-code", `${user.id}-${n}`) })),
  });
  await db.session.create({
    data: {
      tokenHash: hashSessionToken(randomBytes(24).toString("hex")),
      userId: user.id,
      expires: new Date(Date.now() + 86_400_000),
      amr: ["email", "totp"],
    },
  });
  return user;
}

const factorRows = async (userId: string) => ({
  passkeys: await db.passkey.count({ where: { userId } }),
  totp: await db.totpFactor.count({ where: { userId } }),
  recoveryCodes: await db.recoveryCode.count({ where: { userId } }),
  sessions: await db.session.count({ where: { userId } }),
});

/** The owner's notice: the cancel link's id and secret. */
async function cancelLinkOf(email: string) {
  const row = await db.emailOutbox.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "asc" } });
  const payload = JSON.parse(decrypt(row.payload!)) as { subject: string; props: { paragraphs: string[]; action: { url: string } } };
  const url = new URL(payload.props.action.url);
  return { payload, resetId: url.searchParams.get("reset")!, secret: url.hash.slice(1) };
}

/** Subjects of the mail queued to an address (other tests' alerts go to every administrator too, so filter by subject). */
async function subjectsTo(email: string): Promise<string[]> {
  const rows = await db.emailOutbox.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => (JSON.parse(decrypt(row.payload!)) as { subject: string }).subject);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "accepted";
}

describe("requestFactorReset", () => {
  it("records the request, alerts the other administrators, mails the owner a link whose secret is stored only as a keyed hash, and removes nothing yet", async () => {
    const actor = await admin();
    const other = await admin();
    const owner = await ownerWithFactors();
    const now = new Date();
    const { resetId, effectiveAt } = await requestFactorReset(actor, owner.id, "owner called from the number on file", now);
    expect(effectiveAt.getTime() - now.getTime()).toBe(24 * HOUR);

    const { payload, resetId: linkedId, secret } = await cancelLinkOf(owner.email);
    expect(linkedId).toBe(resetId);
    expect(payload.props.paragraphs.join(" ")).toContain(actor.email);
    expect(payload.props.paragraphs.join(" ")).toContain("UTC");
    const stored = await db.factorReset.findUniqueOrThrow({ where: { id: resetId } });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.cancelSecretHash).toBe(keyedHash("factor-reset", secret));

    expect(await db.auditEvent.count({ where: { userId: owner.id, type: "factor.reset_requested" } })).toBe(1);
    expect(await db.alert.count({ where: { userId: owner.id, kind: "factor-reset-requested" } })).toBe(1);
    const aboutThis = (subjects: string[]) =>
      subjects.filter((subject) => subject.includes(`asked to reset every factor of ${owner.email}`));
    expect(aboutThis(await subjectsTo(other.email))).toHaveLength(1);
    expect(aboutThis(await subjectsTo(actor.email))).toHaveLength(0);

    // The job, before the window passes, changes nothing.
    expect(await completeFactorReset(resetId, new Date(effectiveAt.getTime() - 1))).toBe(false);
    expect(await factorRows(owner.id)).toEqual({ passkeys: 1, totp: 1, recoveryCodes: 2, sessions: 1 });
  });

  it("refuses the administrator's own account, a second pending reset, an account without factors, and an unknown account", async () => {
    const actor = await admin();
    await db.totpFactor.create({ data: { userId: actor.userId, secretEncrypted: "sealed", confirmedAt: new Date() } });
    expect(await refusal(requestFactorReset(actor, actor.userId, "resetting myself, please"))).toBe("conflict");

    const owner = await ownerWithFactors();
    await requestFactorReset(actor, owner.id, "owner called from the number on file");
    expect(await refusal(requestFactorReset(await admin(), owner.id, "a second administrator at once"))).toBe("conflict");

    const bare = await db.user.create({ data: { email: address("reset-bare") } });
    expect(await refusal(requestFactorReset(actor, bare.id, "nothing here to reset at all"))).toBe("conflict");
    expect(await refusal(requestFactorReset(actor, "nosuchuser", "nobody by that id at all"))).toBe("not-found");
    expect(await db.factorReset.count({ where: { userId: { in: [actor.userId, bare.id] } } })).toBe(0);
  });

  it("lets exactly one of ten administrators racing to reset the same account through", async () => {
    const owner = await ownerWithFactors();
    const actors = await Promise.all(Array.from({ length: 10 }, () => admin()));
    const outcomes = await Promise.all(
      actors.map((actor) => refusal(requestFactorReset(actor, owner.id, "owner called from the number on file"))),
    );
    expect(outcomes.filter((outcome) => outcome === "accepted")).toHaveLength(1);
    expect(new Set(outcomes.filter((outcome) => outcome !== "accepted"))).toEqual(new Set(["conflict"]));
    expect(await db.factorReset.count({ where: { userId: owner.id } })).toBe(1);
  });
});

describe("completing a reset", () => {
  it("once due: removes every factor, ends every session, records it and mails the owner; a second run does nothing", async () => {
    const actor = await admin();
    const owner = await ownerWithFactors();
    const requestedAt = new Date(Date.now() - 25 * HOUR);
    const { resetId } = await requestFactorReset(actor, owner.id, "owner called from the number on file", requestedAt);

    expect(await completeDueFactorResets()).toBeGreaterThanOrEqual(1);
    expect(await factorRows(owner.id)).toEqual({ passkeys: 0, totp: 0, recoveryCodes: 0, sessions: 0 });
    const reset = await db.factorReset.findUniqueOrThrow({ where: { id: resetId } });
    expect(reset.completedAt).not.toBeNull();
    const completed = await db.auditEvent.findFirstOrThrow({ where: { userId: owner.id, type: "factor.reset_completed" } });
    expect(completed.details).toMatchObject({
      resetId,
      passkeysRemoved: 1,
      authenticatorRemoved: true,
      recoveryCodesRemoved: 2,
      sessionsEnded: 1,
    });
    const subjects = await subjectsTo(owner.email);
    expect(subjects).toHaveLength(2);
    expect(subjects[1]).toBe("Your Acme sign-in factors were reset");

    expect(await completeFactorReset(resetId)).toBe(false);
    expect(await db.auditEvent.count({ where: { userId: owner.id, type: "factor.reset_completed" } })).toBe(1);
  });
});

describe("cancelling a reset", () => {
  it("by the owner's link: once, before the window ends; a replay, a tampered secret or another reset's id is refused", async () => {
    const actor = await admin();
    const owner = await ownerWithFactors();
    const { effectiveAt } = await requestFactorReset(actor, owner.id, "owner called from the number on file");
    const { resetId, secret } = await cancelLinkOf(owner.email);

    const tampered = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    expect(await cancelFactorResetByOwner(resetId, tampered, facts)).toEqual({ ok: false, refusal: "invalid-link" });
    const otherOwner = await ownerWithFactors();
    const other = await requestFactorReset(actor, otherOwner.id, "owner called from the number on file");
    expect(await cancelFactorResetByOwner(other.resetId, secret, facts)).toEqual({ ok: false, refusal: "invalid-link" });

    expect(await cancelFactorResetByOwner(resetId, secret, facts)).toEqual({ ok: true });
    expect(await cancelFactorResetByOwner(resetId, secret, facts)).toEqual({ ok: false, refusal: "already-cancelled" });
    expect(await db.auditEvent.count({ where: { userId: owner.id, type: "factor.reset_cancelled", outcome: "success" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: owner.id, type: "factor.reset_cancelled", outcome: "failure" } })).toBe(1);
    expect(await db.alert.count({ where: { userId: owner.id, kind: "factor-reset-cancelled" } })).toBe(1);
    // The requesting administrator hears about it too.
    expect((await subjectsTo(actor.email)).filter((subject) => subject.includes(`${owner.email} cancelled the factor reset`))).toHaveLength(
      1,
    );

    // Never completes, even long after its window.
    expect(await completeFactorReset(resetId, new Date(effectiveAt.getTime() + 48 * HOUR))).toBe(false);
    expect(await factorRows(owner.id)).toEqual({ passkeys: 1, totp: 1, recoveryCodes: 2, sessions: 1 });
    // And a new reset may be asked for again.
    await requestFactorReset(actor, owner.id, "owner called again, really lost them");
  });

  it("by the owner's link after the window: too late, even before the job ran", async () => {
    const actor = await admin();
    const owner = await ownerWithFactors();
    await requestFactorReset(actor, owner.id, "owner called from the number on file", new Date(Date.now() - 25 * HOUR));
    const { resetId, secret } = await cancelLinkOf(owner.email);
    expect(await cancelFactorResetByOwner(resetId, secret, facts)).toEqual({ ok: false, refusal: "too-late" });
  });

  it("by another administrator from the console", async () => {
    const actor = await admin();
    const owner = await ownerWithFactors();
    const { resetId } = await requestFactorReset(actor, owner.id, "owner called from the number on file");
    const colleague = await admin();
    expect(await cancelFactorResetByAdmin(colleague, resetId)).toEqual({ userId: owner.id });
    expect(await refusal(cancelFactorResetByAdmin(colleague, resetId))).toBe("conflict");
    expect(await refusal(cancelFactorResetByAdmin(colleague, "nosuchreset"))).toBe("not-found");
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "admin.action", userId: colleague.userId } });
    expect(event.details).toMatchObject({ action: "factor.reset_cancel", resetId });
  });

  it("racing the job at the last moment: exactly one wins, and the account is either untouched or fully reset", async () => {
    for (let round = 0; round < 5; round++) {
      const actor = await admin();
      const owner = await ownerWithFactors();
      const requestedAt = new Date(Date.now() - 24 * HOUR + 60_000);
      const { resetId, effectiveAt } = await requestFactorReset(actor, owner.id, "owner called from the number on file", requestedAt);
      const { secret } = await cancelLinkOf(owner.email);
      // The owner clicks a moment before effectiveAt while the job, a moment after, completes it.
      const [cancelled, completed] = await Promise.all([
        cancelFactorResetByOwner(resetId, secret, facts, new Date(effectiveAt.getTime() - 1)),
        completeFactorReset(resetId, new Date(effectiveAt.getTime() + 1)),
      ]);
      expect(Number(cancelled.ok) + Number(completed)).toBe(1);
      const reset = await db.factorReset.findUniqueOrThrow({ where: { id: resetId } });
      expect(reset.cancelledAt === null).toBe(completed);
      expect(reset.completedAt === null).toBe(cancelled.ok);
      expect(await factorRows(owner.id)).toEqual(
        completed ? { passkeys: 0, totp: 0, recoveryCodes: 0, sessions: 0 } : { passkeys: 1, totp: 1, recoveryCodes: 2, sessions: 1 },
      );
    }
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { authRequestContext, type AuthRequestContext } from "./auth-request-context";
import { guardedAdapter } from "./guarded-adapter";
import { hashSessionToken } from "./session-store";
import { loadAttempt } from "@/lib/magic-link/load-attempt";
import { redeemAtomically } from "@/lib/magic-link/redeem/redeem";
import { issuePasskeySignInGrant } from "@/lib/magic-link/redeem/sign-in-grant";
import { sha256Hex } from "@/lib/security/secrets";
import { readEnv } from "@/lib/env";
import { scoringJobStates } from "@/test/support/scoring-jobs";

const email = () => `adapter-${randomBytes(4).toString("hex")}@example.com`;

/** Auth.js's hash of the grant token in a callback URL (SHA-256 of token + secret), written out independently of the app's. */
const hashedTokenOf = (callbackUrl: string) =>
  sha256Hex(`${new URL(callbackUrl, "http://x").searchParams.get("token")}${readEnv().AUTH_SECRET}`);

/** The request facts the route puts in context for a request that brings `callbackUrl`'s grant (or none). */
const requestFrom = (deviceHash: string | null, callbackUrl?: string, ip = "203.0.113.9"): AuthRequestContext => ({
  ip,
  userAgent: "test",
  deviceHash,
  grantTokenHash: callbackUrl ? hashedTokenOf(callbackUrl) : null,
});

/**
 * One request to Auth.js's email callback, calling the adapter as Auth.js does: the grant's
 * token first, then (only if it was accepted) the session, in the same request context.
 */
async function emailCallback(adapter: ReturnType<typeof guardedAdapter>, request: AuthRequestContext, identifier: string, userId: string) {
  return authRequestContext.run(request, async () => {
    const accepted = await adapter.useVerificationToken!({ identifier, token: request.grantTokenHash ?? "" });
    if (!accepted) return null;
    return adapter.createSession!({ sessionToken: randomBytes(16).toString("hex"), userId, expires: new Date(Date.now() + 3_600_000) });
  });
}

async function pendingAttempt(address: string, bindingHash: string) {
  return db.loginAttempt.create({
    data: {
      email: address,
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash,
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
}

/** An attempt redeemed in `bindingHash`'s browser, and the callback URL of the grant it earned. */
async function redeemedGrant(address: string, bindingHash: string) {
  const attempt = await pendingAttempt(address, bindingHash);
  const facts = { ip: "203.0.113.9", userAgent: null, method: "POST", deviceHash: bindingHash };
  const redeemed = await redeemAtomically((await loadAttempt(attempt.id))!, { bindingHash }, "same-browser", facts);
  if (!redeemed.ok) throw new Error(`not redeemed: ${redeemed.reason}`);
  return { attemptId: attempt.id, callbackUrl: redeemed.redirectTo };
}

describe("Prisma adapter on PostgreSQL", () => {
  it("creates users and verification tokens, and (through the guarded adapter) sessions", async () => {
    const adapter = PrismaAdapter(db as never);
    const user = await adapter.createUser!({ id: "", email: email(), emailVerified: null });
    expect(user.id).toBeTruthy();
    const session = await guardedAdapter().createSession!({
      sessionToken: randomBytes(16).toString("hex"),
      userId: user.id,
      expires: new Date(Date.now() + 60_000),
    });
    expect((await guardedAdapter().getSessionAndUser!(session.sessionToken))?.user.email).toBe(user.email);
    const token = await adapter.createVerificationToken!({
      identifier: user.email,
      token: "hashed-token",
      expires: new Date(Date.now() + 60_000),
    });
    expect(await adapter.useVerificationToken!({ identifier: user.email, token: token!.token })).toMatchObject({ identifier: user.email });
    expect(await adapter.useVerificationToken!({ identifier: user.email, token: token!.token })).toBeNull();
  });
});

describe("guarded adapter", () => {
  const adapter = guardedAdapter();

  it("refuses to issue tokens through Auth.js's own endpoint", async () => {
    await expect(adapter.createVerificationToken!({ identifier: email(), token: "t", expires: new Date() })).rejects.toThrow(
      /issued by \/signin/,
    );
  });

  it("accepts a grant once, only in the browser it was minted for, only from the request that brought it", async () => {
    const address = email();
    const { callbackUrl } = await redeemedGrant(address, "binding-a");
    const hashed = hashedTokenOf(callbackUrl);
    const use = (request: AuthRequestContext) =>
      authRequestContext.run(request, () => adapter.useVerificationToken!({ identifier: address, token: hashed }));

    expect(await use(requestFrom("binding-b", callbackUrl))).toBeNull();
    // The right browser, but the request brought another token: the adapter would read back the wrong grant.
    const { callbackUrl: otherGrant } = await redeemedGrant(email(), "binding-a");
    expect(await use(requestFrom("binding-a", otherGrant))).toBeNull();
    expect(await use(requestFrom("binding-a"))).toBeNull();

    expect(await use(requestFrom("binding-a", callbackUrl))).toMatchObject({ identifier: address });
    expect(await use(requestFrom("binding-a", callbackUrl))).toBeNull();
  });

  it("records how a session began, writes session.created and queues the attempt's scoring by itself", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const { attemptId, callbackUrl } = await redeemedGrant(user.email, "binding-c");
    // Redeemed without the lifecycle's redeemLink: nothing has asked for a score yet.
    expect(await scoringJobStates(attemptId)).toEqual([]);

    const created = await emailCallback(adapter, requestFrom("binding-c", callbackUrl), user.email, user.id);
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(created!.sessionToken) } });
    expect(session).toMatchObject({ amr: ["email"], ip: "203.0.113.9", deviceHash: "binding-c", attemptId });
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({ userId: user.id });
    expect(await db.auditEvent.count({ where: { type: "session.created", attemptId } })).toBe(1);
    const [event] = await db.auditEvent.findMany({ where: { type: "session.created", attemptId } });
    expect(event.details).toMatchObject({ method: "email", amr: ["email"] });
    expect(await scoringJobStates(attemptId)).toEqual(["created"]);
  });

  it("a session made without a grant records no proof and queues no scoring", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const { attemptId } = await redeemedGrant(user.email, "binding-d");
    const sessionToken = randomBytes(16).toString("hex");
    await authRequestContext.run(requestFrom("binding-d"), () =>
      adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) }),
    );
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(sessionToken) } });
    expect(session).toMatchObject({ amr: [], attemptId: null });
    expect(await scoringJobStates(attemptId)).toEqual([]);
  });

  it("stores only a keyed hash of the session token: a database read is not a session", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const sessionToken = randomBytes(32).toString("base64url");
    const created = await adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) });
    expect(created.sessionToken).toBe(sessionToken);
    const [row] = await db.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM "Session" WHERE "userId" = ${user.id}`;
    expect(JSON.stringify(row)).not.toContain(sessionToken);
    // What the database holds does not work as a cookie; the cookie's token does.
    expect(await adapter.getSessionAndUser!(String(row.tokenHash))).toBeNull();
    expect((await adapter.getSessionAndUser!(sessionToken))?.user.id).toBe(user.id);
    await adapter.deleteSession!(sessionToken);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("sign-in step-up (SIGN_IN_FACTOR, default require-factor-on-new-device)", () => {
  const adapter = guardedAdapter();
  /** An email sign-in (a redeemed link's grant) from `deviceHash`'s browser; a browser without a binding cookie has no grant. */
  const signInFrom = async (user: { id: string; email: string }, deviceHash: string | null) => {
    if (!deviceHash) {
      return authRequestContext.run(requestFrom(null), () =>
        adapter.createSession!({ sessionToken: randomBytes(16).toString("hex"), userId: user.id, expires: new Date(Date.now() + 60_000) }),
      );
    }
    const { callbackUrl } = await redeemedGrant(user.email, deviceHash);
    const created = await emailCallback(adapter, requestFrom(deviceHash, callbackUrl), user.email, user.id);
    if (!created) throw new Error("the grant was refused");
    return created;
  };
  const held = async (sessionToken: string) =>
    (await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(sessionToken) } })).awaitingSignInFactor;

  it("holds back an email sign-in to an account with TOTP from a browser that never proved it, and Auth.js sees no session", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const plain = await signInFrom(user, "device-plain");
    expect(await held(plain.sessionToken)).toBe(false);

    await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: "x", confirmedAt: new Date() } });
    // Known (it signed in before), but it never proved the factor: not recognised.
    const again = await signInFrom(user, "device-plain");
    expect(await held(again.sessionToken)).toBe(true);
    expect(await adapter.getSessionAndUser!(again.sessionToken)).toBeNull();
    expect(await held((await signInFrom(user, null)).sessionToken)).toBe(true);

    await db.knownDevice.updateMany({ where: { userId: user.id, deviceHash: "device-plain" }, data: { factorProvenAt: new Date() } });
    const recognised = await signInFrom(user, "device-plain");
    expect(await held(recognised.sessionToken)).toBe(false);
    expect((await adapter.getSessionAndUser!(recognised.sessionToken))?.user.id).toBe(user.id);

    // The same proof from another account's browser does not count for this one.
    const other = await db.user.create({ data: { email: email() } });
    await db.totpFactor.create({ data: { userId: other.id, secretEncrypted: "x", confirmedAt: new Date() } });
    expect(await held((await signInFrom(other, "device-plain")).sessionToken)).toBe(true);
  });
});

describe("passkey sign-in grants", () => {
  const adapter = guardedAdapter();
  const from = (deviceHash: string, callbackUrl: string) => requestFrom(deviceHash, callbackUrl, "203.0.113.7");

  async function accountWithPasskey() {
    const user = await db.user.create({ data: { email: email(), emailVerified: new Date() } });
    await db.passkey.create({
      data: { userId: user.id, credentialId: randomBytes(16).toString("base64url"), publicKey: new Uint8Array([1]), name: "key" },
    });
    return user;
  }

  it("lets Auth.js through once, in the browser that proved the passkey, for the account's current address only", async () => {
    const user = await accountWithPasskey();
    const grant = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-a", callbackPath: "/account" });
    expect(await emailCallback(adapter, from("pk-b", grant.callbackUrl), user.email, user.id)).toBeNull();

    const second = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-a", callbackPath: "/account" });
    const accepted = await emailCallback(adapter, from("pk-a", second.callbackUrl), user.email, user.id);
    expect(accepted).not.toBeNull();
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(accepted!.sessionToken) } });
    expect(session).toMatchObject({ amr: ["passkey"], attemptId: null });
    expect(await emailCallback(adapter, from("pk-a", second.callbackUrl), user.email, user.id)).toBeNull();
  });

  it("refuses a grant whose account was locked or changed address after the passkey was checked", async () => {
    const user = await accountWithPasskey();
    const locked = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-c", callbackPath: "/account" });
    await db.user.update({ where: { id: user.id }, data: { lockedAt: new Date() } });
    expect(await emailCallback(adapter, from("pk-c", locked.callbackUrl), user.email, user.id)).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { lockedAt: null } });
    const moved = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-c", callbackPath: "/account" });
    await db.user.update({ where: { id: user.id }, data: { email: email() } });
    expect(await emailCallback(adapter, from("pk-c", moved.callbackUrl), user.email, user.id)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("creates a session that is never held back, recognises the browser and audits the method", async () => {
    const user = await accountWithPasskey();
    const grant = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-d", callbackPath: "/account" });
    const created = await emailCallback(adapter, from("pk-d", grant.callbackUrl), user.email, user.id);
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(created!.sessionToken) } });
    expect(session).toMatchObject({ amr: ["passkey"], awaitingSignInFactor: false, attemptId: null, deviceHash: "pk-d" });
    const device = await db.knownDevice.findUniqueOrThrow({ where: { userId_deviceHash: { userId: user.id, deviceHash: "pk-d" } } });
    expect(device.factorProvenAt).not.toBeNull();
    const [event] = await db.auditEvent.findMany({ where: { type: "session.created", userId: user.id } });
    expect(event.details).toMatchObject({ method: "passkey", amr: ["passkey"], factorRequired: false, factorRule: "factor-in-sign-in" });
  });
});

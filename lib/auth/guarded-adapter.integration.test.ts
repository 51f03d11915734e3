import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { authRequestContext, type AuthRequestContext } from "./grant-context";
import { guardedAdapter } from "./guarded-adapter";
import { hashSessionToken } from "./session-store";
import { loadAttempt } from "@/lib/magic-link/load-attempt";
import { redeemAtomically } from "@/lib/magic-link/redeem/redeem";
import { issuePasskeySignInGrant } from "@/lib/magic-link/redeem/sign-in-grant";
import { sha256Hex } from "@/lib/security/secrets";
import { readEnv } from "@/lib/env";

const email = () => `adapter-${randomBytes(4).toString("hex")}@example.com`;

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
  const context = (deviceHash: string | null) => ({ ip: "203.0.113.9", userAgent: "test", deviceHash });

  it("refuses to issue tokens through Auth.js's own endpoint", async () => {
    await expect(adapter.createVerificationToken!({ identifier: email(), token: "t", expires: new Date() })).rejects.toThrow(
      /issued by \/signin/,
    );
  });

  it("accepts a grant once, only in the browser it was minted for", async () => {
    const address = email();
    const attempt = await pendingAttempt(address, "binding-a");
    const facts = { ip: "203.0.113.9", userAgent: null, method: "POST", deviceHash: "binding-a" };
    const redeemed = await redeemAtomically((await loadAttempt(attempt.id))!, { bindingHash: "binding-a" }, "same-browser", facts);
    if (!redeemed.ok) throw new Error(`not redeemed: ${redeemed.reason}`);
    const token = new URL(redeemed.redirectTo, "http://x").searchParams.get("token")!;
    const hashed = sha256Hex(`${token}${readEnv().AUTH_SECRET}`);

    const otherBrowser = await authRequestContext.run(context("binding-b"), () =>
      adapter.useVerificationToken!({ identifier: address, token: hashed }),
    );
    expect(otherBrowser).toBeNull();
    const sameBrowser = await authRequestContext.run(context("binding-a"), () =>
      adapter.useVerificationToken!({ identifier: address, token: hashed }),
    );
    expect(sameBrowser).toMatchObject({ identifier: address });
    const replay = await authRequestContext.run(context("binding-a"), () =>
      adapter.useVerificationToken!({ identifier: address, token: hashed }),
    );
    expect(replay).toBeNull();
  });

  it("records how a session began and writes session.created", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const attempt = await pendingAttempt(user.email, "binding-c");
    const sessionToken = randomBytes(16).toString("hex");
    const store = { ...context("binding-c"), grant: { attemptId: attempt.id, amr: ["email"], method: "email" as const } };
    await authRequestContext.run(store, () =>
      adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) }),
    );
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(sessionToken) } });
    expect(session).toMatchObject({ amr: ["email"], ip: "203.0.113.9", deviceHash: "binding-c", attemptId: attempt.id });
    expect(await db.auditEvent.count({ where: { type: "session.created", attemptId: attempt.id } })).toBe(1);
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
  const signInFrom = (userId: string, deviceHash: string | null) =>
    authRequestContext.run(
      { ip: "203.0.113.9", userAgent: "test", deviceHash, grant: { attemptId: "none", amr: ["email"], method: "email" as const } },
      () => adapter.createSession!({ sessionToken: randomBytes(16).toString("hex"), userId, expires: new Date(Date.now() + 60_000) }),
    );
  const held = async (sessionToken: string) =>
    (await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(sessionToken) } })).awaitingSignInFactor;

  it("holds back an email sign-in to an account with TOTP from a browser that never proved it, and Auth.js sees no session", async () => {
    const user = await db.user.create({ data: { email: email() } });
    const plain = await signInFrom(user.id, "device-plain");
    expect(await held(plain.sessionToken)).toBe(false);

    await db.totpFactor.create({ data: { userId: user.id, secretEncrypted: "x", confirmedAt: new Date() } });
    // Known (it signed in before), but it never proved the factor: not recognised.
    const again = await signInFrom(user.id, "device-plain");
    expect(await held(again.sessionToken)).toBe(true);
    expect(await adapter.getSessionAndUser!(again.sessionToken)).toBeNull();
    expect(await held((await signInFrom(user.id, null)).sessionToken)).toBe(true);

    await db.knownDevice.updateMany({ where: { userId: user.id, deviceHash: "device-plain" }, data: { factorProvenAt: new Date() } });
    const recognised = await signInFrom(user.id, "device-plain");
    expect(await held(recognised.sessionToken)).toBe(false);
    expect((await adapter.getSessionAndUser!(recognised.sessionToken))?.user.id).toBe(user.id);

    // The same proof from another account's browser does not count for this one.
    const other = await db.user.create({ data: { email: email() } });
    await db.totpFactor.create({ data: { userId: other.id, secretEncrypted: "x", confirmedAt: new Date() } });
    expect(await held((await signInFrom(other.id, "device-plain")).sessionToken)).toBe(true);
  });
});

describe("passkey sign-in grants", () => {
  const adapter = guardedAdapter();
  const from = (deviceHash: string) => ({ ip: "203.0.113.7", userAgent: "test", deviceHash });
  const hashedTokenOf = (callbackUrl: string) =>
    sha256Hex(`${new URL(callbackUrl, "http://x").searchParams.get("token")}${readEnv().AUTH_SECRET}`);

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
    const token = hashedTokenOf(grant.callbackUrl);
    expect(await authRequestContext.run(from("pk-b"), () => adapter.useVerificationToken!({ identifier: user.email, token }))).toBeNull();

    const second = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-a", callbackPath: "/account" });
    const store: AuthRequestContext = from("pk-a");
    const accepted = await authRequestContext.run(store, () =>
      adapter.useVerificationToken!({ identifier: user.email, token: hashedTokenOf(second.callbackUrl) }),
    );
    expect(accepted).toMatchObject({ identifier: user.email });
    expect(store.grant).toEqual({ attemptId: null, amr: ["passkey"], method: "passkey" });
    expect(
      await authRequestContext.run(from("pk-a"), () =>
        adapter.useVerificationToken!({ identifier: user.email, token: hashedTokenOf(second.callbackUrl) }),
      ),
    ).toBeNull();
  });

  it("refuses a grant whose account was locked or changed address after the passkey was checked", async () => {
    const user = await accountWithPasskey();
    const locked = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-c", callbackPath: "/account" });
    await db.user.update({ where: { id: user.id }, data: { lockedAt: new Date() } });
    expect(
      await authRequestContext.run(from("pk-c"), () =>
        adapter.useVerificationToken!({ identifier: user.email, token: hashedTokenOf(locked.callbackUrl) }),
      ),
    ).toBeNull();

    await db.user.update({ where: { id: user.id }, data: { lockedAt: null } });
    const moved = await issuePasskeySignInGrant({ userId: user.id, email: user.email, bindingHash: "pk-c", callbackPath: "/account" });
    await db.user.update({ where: { id: user.id }, data: { email: email() } });
    expect(
      await authRequestContext.run(from("pk-c"), () =>
        adapter.useVerificationToken!({ identifier: user.email, token: hashedTokenOf(moved.callbackUrl) }),
      ),
    ).toBeNull();
  });

  it("creates a session that is never held back, recognises the browser and audits the method", async () => {
    const user = await accountWithPasskey();
    const sessionToken = randomBytes(16).toString("hex");
    await authRequestContext.run({ ...from("pk-d"), grant: { attemptId: null, amr: ["passkey"], method: "passkey" as const } }, () =>
      adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) }),
    );
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashSessionToken(sessionToken) } });
    expect(session).toMatchObject({ amr: ["passkey"], awaitingSignInFactor: false, attemptId: null, deviceHash: "pk-d" });
    const device = await db.knownDevice.findUniqueOrThrow({ where: { userId_deviceHash: { userId: user.id, deviceHash: "pk-d" } } });
    expect(device.factorProvenAt).not.toBeNull();
    const [event] = await db.auditEvent.findMany({ where: { type: "session.created", userId: user.id } });
    expect(event.details).toMatchObject({ method: "passkey", amr: ["passkey"], factorRequired: false, factorRule: "factor-in-sign-in" });
  });
});

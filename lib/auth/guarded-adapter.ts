import { randomInt } from "node:crypto";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { sampleRepeat } from "../audit/sample-repeats";
import { consumeSignInGrant, readUsedSignInGrant, type SignInGrantMethod } from "../magic-link/redeem/sign-in-grant";
import { limitNetwork } from "../request/client-network";
import { authRequestContext, type AuthRequestContext } from "./auth-request-context";
import { decideSignInFactor } from "../step-up/decide-sign-in-factor";
import { stepUpPolicy } from "../step-up/policies";
import { isStrongMethod } from "../step-up/methods";
import { deviceFactorRecord, noteFactorProven, rememberDevice } from "./known-devices";
import { hashSessionToken, loadActiveSession } from "./session-store";
import { queueNewDeviceNotice } from "../account/new-device-notice";
import { kickOutbox } from "../mail/outbox-worker";
import { assessRiskAfterResponse } from "../risk/assess-after-response";
import { assessSignInRisk } from "../risk/assess-sign-in-risk";
import { decideDeviceApproval } from "./decide-device-approval";

/**
 * Auth.js's Prisma adapter with the seams that make our policies unavoidable:
 * - createVerificationToken refuses: Auth.js never issues a link itself, so its stock
 *   sign-in endpoint cannot send one that bypasses limits, binding and audit;
 * - useVerificationToken only accepts a grant our redemption (or a verified passkey
 *   sign-in) minted, in the browser it was minted for, once, and only the one the request brought;
 * - createSession records how and where the session began (authTime, amr, device), and holds
 *   it back until the account's factor is proven when the sign-in step-up says so, or, for a
 *   HIGH-risk sign-in to an account without a factor, until a known browser approves it; a
 *   browser new to the account gets the owner a new-device notice; the attempt is scored again
 *   after the answer, now that its account and browser are known;
 * - getSessionAndUser enforces idle and absolute timeouts and account locks.
 */
export function guardedAdapter(): Adapter {
  const base = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...base,
    async createVerificationToken() {
      throw new Error("Sign-in links are issued by /signin, not by Auth.js's own endpoint.");
    },

    async useVerificationToken(params) {
      const context = authRequestContext.getStore();
      if (!context) return null;
      // Only the grant this request brought: createSession reads back what it proved by the same hash.
      const grant = params.token === context.grantTokenHash ? await consumeSignInGrant(params.token, context.deviceHash) : null;
      if (!grant) {
        // Anyone can send junk to Auth.js's callback: sampled per network, so a flood adds a handful of events.
        const sample = await sampleRepeat("grant-refused", limitNetwork(context.ip));
        if (sample.record) {
          await recordEvents(db, [
            {
              type: "attempt.reuse",
              outcome: "failure",
              reason: "sign-in grant refused (used, expired or other browser)",
              ip: context.ip,
              userAgent: context.userAgent,
              deviceHash: context.deviceHash,
              details: { occurrences: sample.occurrences },
            },
          ]);
        }
        return null;
      }
      // Auth.js finds the account by the address in the callback: for a passkey it must still be
      // the one whose passkey was verified, and the account must still be open.
      if (grant.method === "passkey" && !(await passkeyGrantStillMatches(grant.userId, params.identifier))) return null;
      return base.useVerificationToken!(params);
    },

    async createSession(session): Promise<AdapterSession> {
      const context = authRequestContext.getStore();
      const now = new Date();
      const proof = await grantProof(context);
      // Scored before the session exists, so the level decides it (a factor for HIGH, a notice for ELEVATED).
      // A passkey sign-in has no attempt to score: the passkey itself is the strong proof.
      const risk = proof?.attemptId ? ((await assessSignInRisk(db, proof.attemptId, now))?.level ?? null) : null;
      const result = await db.$transaction(async (tx) => {
        const tokenHash = hashSessionToken(session.sessionToken);
        const amr = proof?.amr ?? [];
        // Read before rememberDevice below touches this browser's row.
        const passkeys = await tx.passkey.count({ where: { userId: session.userId } });
        const totp = await tx.totpFactor.count({ where: { userId: session.userId, confirmedAt: { not: null } } });
        const device = await deviceFactorRecord(tx, session.userId, context?.deviceHash ?? null);
        const signInFactor = decideSignInFactor(stepUpPolicy("account.signIn").gatesSignIn ?? "require-factor-on-new-device", {
          amr,
          enrolled: { passkey: passkeys > 0, totp: totp > 0 },
          device,
          risk,
        });
        const otherKnownDevices = await tx.knownDevice.count({
          where: { userId: session.userId, revokedAt: null, ...(context?.deviceHash ? { NOT: { deviceHash: context.deviceHash } } : {}) },
        });
        const deviceApproval = decideDeviceApproval({
          risk,
          hasFactor: passkeys + totp > 0,
          strongSignIn: amr.some(isStrongMethod),
          otherKnownDevices,
        });
        const created = await tx.session.create({
          data: {
            tokenHash,
            userId: session.userId,
            expires: session.expires,
            authTime: now,
            amr,
            awaitingSignInFactor: signInFactor.required,
            awaitingDeviceApproval: deviceApproval.required,
            approvalNumber: deviceApproval.required ? randomInt(10, 100) : null,
            ip: context?.ip,
            userAgent: context?.userAgent,
            deviceHash: context?.deviceHash,
            attemptId: proof?.attemptId ?? undefined,
          },
        });
        if (proof?.attemptId) {
          await tx.loginAttempt.updateMany({ where: { id: proof.attemptId }, data: { userId: session.userId } });
        }
        // Before rememberDevice: a browser is new to the account until its first session commits.
        const notice = await queueNewDeviceNotice(
          tx,
          {
            userId: session.userId,
            sessionHash: tokenHash,
            deviceHash: context?.deviceHash ?? null,
            userAgent: context?.userAgent ?? null,
            ip: context?.ip ?? null,
            riskLevel: risk,
          },
          now,
        );
        if (context?.deviceHash) {
          await rememberDevice(
            tx,
            { userId: session.userId, deviceHash: context.deviceHash, userAgent: context.userAgent, ip: context.ip },
            now,
          );
          // A passkey sign-in proved the factor itself: this browser is recognised from now on.
          if (amr.some(isStrongMethod)) await noteFactorProven(tx, session.userId, context.deviceHash, now);
        }
        await recordEvents(
          tx,
          [
            {
              type: "session.created",
              attemptId: proof?.attemptId ?? undefined,
              userId: session.userId,
              sessionHash: tokenHash,
              ip: context?.ip,
              userAgent: context?.userAgent,
              deviceHash: context?.deviceHash,
              outcome: "success",
              details: {
                method: proof?.method ?? "email",
                amr,
                factorRequired: signInFactor.required,
                factorRule: signInFactor.reason,
                riskLevel: risk,
                deviceApprovalRequired: deviceApproval.required,
                newDeviceNotice: notice.reason,
              },
            },
          ],
          now,
        );
        // Auth.js puts this token in the cookie; only its hash was stored.
        return {
          session: { sessionToken: session.sessionToken, userId: created.userId, expires: created.expires },
          noticeQueued: notice.notify,
        };
      });
      if (result.noticeQueued) kickOutbox();
      if (proof?.attemptId) await assessRiskAfterResponse(proof.attemptId);
      return result.session;
    },

    async getSessionAndUser(sessionToken) {
      const session = await loadActiveSession(sessionToken);
      // Held back at sign-in: to Auth.js (auth(), /api/auth/session) it is no session yet.
      if (!session || session.awaitingSignInFactor) return null;
      const { user, ...rest } = session;
      return {
        session: { sessionToken, userId: rest.userId, expires: rest.expires },
        user: { id: user.id, email: user.email, emailVerified: user.emailVerified, name: user.name, image: user.image },
      };
    },

    async updateSession({ sessionToken, expires }) {
      // Auth.js slides the cookie's expiry; the absolute and idle limits are ours (session-store.ts).
      if (!expires) return null;
      await db.session.updateMany({ where: { tokenHash: hashSessionToken(sessionToken) }, data: { expires } });
      return null;
    },

    async deleteSession(sessionToken) {
      const context = authRequestContext.getStore();
      const tokenHash = hashSessionToken(sessionToken);
      const deleted = await db.session.findUnique({ where: { tokenHash }, select: { userId: true } });
      await db.session.deleteMany({ where: { tokenHash } });
      if (deleted) {
        await recordEvents(db, [
          {
            type: "session.signed_out",
            userId: deleted.userId,
            sessionHash: tokenHash,
            ip: context?.ip,
            userAgent: context?.userAgent,
            deviceHash: context?.deviceHash,
            outcome: "success",
          },
        ]);
      }
      return null;
    },
  };
}

/** How a session's sign-in was proven, as the session and its audit event record it. */
interface GrantProof {
  /** The email link or code's attempt; null for a passkey sign-in, which has none. */
  attemptId: string | null;
  amr: string[];
  method: SignInGrantMethod;
}

/**
 * What the grant this request brought proved, read back from the grant useVerificationToken
 * accepted earlier in the same request (Auth.js calls createSession only after it did); null
 * for a session made without one.
 */
async function grantProof(context: AuthRequestContext | undefined): Promise<GrantProof | null> {
  if (!context?.grantTokenHash || !context.deviceHash) return null;
  const grant = await readUsedSignInGrant(context.grantTokenHash, context.deviceHash);
  if (!grant) return null;
  return grant.method === "passkey"
    ? { attemptId: null, amr: ["passkey"], method: "passkey" }
    : { attemptId: grant.attemptId, amr: ["email"], method: "email" };
}

/** A passkey grant lets Auth.js sign in only the account it was verified for, by its current address, if not locked. */
async function passkeyGrantStillMatches(userId: string, identifier: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, lockedAt: true } });
  return user !== null && user.lockedAt === null && user.email === identifier;
}

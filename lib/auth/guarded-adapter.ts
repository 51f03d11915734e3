import { randomInt } from "node:crypto";
import type { Adapter, AdapterSession } from "next-auth/adapters";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import { sampleRepeat } from "../audit/sample-repeats";
import { consumeSignInGrant } from "../magic-link/redeem/sign-in-grant";
import { limitNetwork } from "../request/client-network";
import { authRequestContext } from "./grant-context";
import { decideSignInFactor } from "../step-up/decide-sign-in-factor";
import { stepUpPolicy } from "../step-up/policies";
import { isStrongMethod } from "../step-up/methods";
import { deviceFactorRecord, noteFactorProven, rememberDevice } from "./known-devices";
import { hashSessionToken, loadActiveSession } from "./session-store";
import { queueNewDeviceNotice } from "../account/new-device-notice";
import { kickOutbox } from "../mail/outbox-worker";
import { assessSignInRisk } from "../risk/assess-sign-in-risk";
import { decideDeviceApproval } from "./decide-device-approval";

/**
 * Auth.js's Prisma adapter with the seams that make our policies unavoidable:
 * - createVerificationToken refuses: Auth.js never issues a link itself, so its stock
 *   sign-in endpoint cannot send one that bypasses limits, binding and audit;
 * - useVerificationToken only accepts a grant our redemption (or a verified passkey
 *   sign-in) minted, in the browser it was minted for, once;
 * - createSession records how and where the session began (authTime, amr, device), and holds
 *   it back until the account's factor is proven when the sign-in step-up says so, or, for a
 *   HIGH-risk sign-in to an account without a factor, until a known browser approves it; a
 *   browser new to the account gets the owner a new-device notice;
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
      const grant = await consumeSignInGrant(params.token, context.deviceHash);
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
      if (grant.method === "passkey") {
        // Auth.js finds the account by the address in the callback: it must still be the one
        // whose passkey was verified, and the account must still be open.
        if (!(await passkeyGrantStillMatches(grant.userId, params.identifier))) return null;
        context.grant = { attemptId: null, amr: ["passkey"], method: "passkey" };
      } else {
        context.grant = { attemptId: grant.attemptId, amr: ["email"], method: "email" };
      }
      return base.useVerificationToken!(params);
    },

    async createSession(session): Promise<AdapterSession> {
      const context = authRequestContext.getStore();
      const now = new Date();
      // Scored before the session exists, so the level decides it (a factor for HIGH, a notice for ELEVATED).
      // A passkey sign-in has no attempt to score: the passkey itself is the strong proof.
      const risk = context?.grant?.attemptId ? ((await assessSignInRisk(db, context.grant.attemptId, now))?.level ?? null) : null;
      const result = await db.$transaction(async (tx) => {
        const tokenHash = hashSessionToken(session.sessionToken);
        const amr = context?.grant?.amr ?? [];
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
            attemptId: context?.grant?.attemptId ?? undefined,
          },
        });
        if (context?.grant?.attemptId) {
          await tx.loginAttempt.updateMany({ where: { id: context.grant.attemptId }, data: { userId: session.userId } });
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
              attemptId: context?.grant?.attemptId ?? undefined,
              userId: session.userId,
              sessionHash: tokenHash,
              ip: context?.ip,
              userAgent: context?.userAgent,
              deviceHash: context?.deviceHash,
              outcome: "success",
              details: {
                method: context?.grant?.method ?? "email",
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

/** A passkey grant lets Auth.js sign in only the account it was verified for, by its current address, if not locked. */
async function passkeyGrantStillMatches(userId: string, identifier: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, lockedAt: true } });
  return user !== null && user.lockedAt === null && user.email === identifier;
}

import "server-only";
import { db } from "../db";
import { recordEvents } from "../audit/record-events";
import type { RequestFacts } from "../request/request-facts";
import { keyedHash } from "../security/secrets";
import {
  checkRevertProof,
  loadAccountFactors,
  revertPasskeyOptions,
  type RevertProof,
  type RevertProofRefusal,
  type RevertSubject,
} from "./check-revert-proof";
import { maskEmail, REVERT_WINDOW_DAYS } from "./email-change-links";
import { emailChangeRefusal, emailChangeRefused, type EmailChangeRefusal } from "./email-change-error";
import { factorsAddedSince, revertProofMethods, type RevertProofMethod } from "./revert-proof";
import { endSessions } from "./sessions";
import { supersedeOpenAttempts } from "./supersede-attempts";

export type RevertOutcome =
  | { ok: true; email: string; review: string[] }
  | { ok: false; code: EmailChangeRefusal }
  | { ok: false; code: "factor-required" | RevertProofRefusal; methods: RevertProofMethod[] };

type Found = { ok: true; subject: RevertSubject; methods: RevertProofMethod[] } | { ok: false; code: EmailChangeRefusal };

/** The change an undo link names, if it can still be undone, and what proving the undo takes. */
async function findRevertable(changeId: string, token: string, now: Date): Promise<Found> {
  const change = await db.emailChange.findUnique({ where: { revertHash: keyedHash("email-change", token) } });
  if (!change || change.id !== changeId || !change.confirmedAt) return { ok: false, code: "invalid-link" };
  if (change.revertedAt) return { ok: false, code: "already-used" };
  if (change.confirmedAt.getTime() <= now.getTime() - REVERT_WINDOW_DAYS * 24 * 3_600_000) return { ok: false, code: "expired" };
  const user = await db.user.findUnique({ where: { id: change.userId }, select: { email: true, lockedAt: true } });
  if (user?.lockedAt) return { ok: false, code: "locked" };
  if (user?.email !== change.newEmail) return { ok: false, code: "stale" };
  const factors = await loadAccountFactors(change.userId);
  const subject: RevertSubject = { changeId: change.id, userId: change.userId, email: user.email, changedAt: change.confirmedAt, factors };
  return { ok: true, subject, methods: revertProofMethods(factors, change.confirmedAt) };
}

/** Starts the passkey check for an undo: options for navigator.credentials.get(), or why not. */
export async function startRevertPasskey(changeId: string, token: string, now: Date = new Date()) {
  const found = await findRevertable(changeId, token, now);
  if (!found.ok) return found;
  const options = await revertPasskeyOptions(found.subject);
  return options ? { ok: true as const, options } : { ok: false as const, code: "invalid-link" as const };
}

/**
 * "This wasn't me": the old mailbox's one-click undo. The old address comes back, every
 * session ends (whoever made the change is signed out) and pending links die. Works for
 * REVERT_WINDOW_DAYS after the change, once. When the account had a strong factor before
 * the change, the mailbox alone is not enough: the undo must be proven with that factor.
 * Factors added since the change are returned (and recorded) for the owner to review.
 */
export async function revertEmailChange(
  changeId: string,
  token: string,
  facts: RequestFacts,
  proof: RevertProof | null = null,
  now: Date = new Date(),
): Promise<RevertOutcome> {
  const found = await findRevertable(changeId, token, now);
  if (!found.ok) return found;
  const { subject, methods } = found;
  if (methods.length > 0) {
    if (!proof) return { ok: false, code: "factor-required", methods };
    const proven = await checkRevertProof(subject, methods, proof, facts, now);
    if (!proven.ok) return { ok: false, code: proven.code, methods };
  }
  const review = factorsAddedSince(subject.factors, subject.changedAt);
  try {
    const email = await db.$transaction(async (tx) => {
      const windowStart = new Date(now.getTime() - REVERT_WINDOW_DAYS * 24 * 3_600_000);
      const claimed = await tx.emailChange.updateMany({
        where: { id: subject.changeId, revertedAt: null, confirmedAt: { gt: windowStart } },
        data: { revertedAt: now },
      });
      if (claimed.count !== 1) throw emailChangeRefused("already-used");
      const change = await tx.emailChange.findUniqueOrThrow({ where: { id: subject.changeId } });
      const user = await tx.user.findUnique({ where: { id: change.userId }, select: { email: true, lockedAt: true } });
      if (user?.lockedAt) throw emailChangeRefused("locked");
      if (user?.email !== change.newEmail) throw emailChangeRefused("stale");
      if ((await tx.user.count({ where: { email: change.oldEmail } })) > 0) throw emailChangeRefused("address-taken");
      await tx.user.update({ where: { id: change.userId }, data: { email: change.oldEmail, emailVerified: now } });
      await tx.emailChange.deleteMany({ where: { userId: change.userId, confirmedAt: null } });
      await endSessions(tx, { userId: change.userId, reason: "email change undone" }, facts, now);
      await supersedeOpenAttempts(tx, [change.oldEmail, change.newEmail], change.userId, "email-change-reverted", now);
      await recordEvents(
        tx,
        [
          {
            type: "email.change_reverted",
            userId: change.userId,
            ip: facts.ip,
            userAgent: facts.userAgent,
            deviceHash: facts.deviceHash,
            outcome: "success",
            details: {
              restored: maskEmail(change.oldEmail),
              from: maskEmail(change.newEmail),
              changeId: change.id,
              provenWith: proof?.method ?? null,
              factorsToReview: review,
            },
          },
        ],
        now,
      );
      return change.oldEmail;
    });
    return { ok: true, email, review };
  } catch (error) {
    const refusal = emailChangeRefusal(error);
    if (refusal) return { ok: false, code: refusal };
    throw error;
  }
}

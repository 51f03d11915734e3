import "server-only";
import { db } from "../db";
import { recordEvents, type AuditEventInput } from "../audit/record-events";
import type { RequestFacts } from "../request/request-facts";
import type { AnsweringPasskey } from "./check-passkey-answer";
import type { PasskeySignInFacts } from "./decide-passkey-sign-in";

/**
 * Audits a refused passkey answer, at /signin or on the recovery page, with its real reason
 * (the person only ever learns "expired" or "refused").
 */
export async function recordPasskeyRefusal(
  event: Pick<AuditEventInput, "type" | "reason" | "details">,
  answer: { learnt: PasskeySignInFacts; passkey: AnsweringPasskey | null },
  facts: RequestFacts,
): Promise<void> {
  await recordEvents(db, [
    {
      ...event,
      // Only a passkey that proved itself names its account: anyone can send any credential id.
      userId: answer.learnt.assertionVerified ? answer.passkey?.userId : null,
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
      outcome: "failure",
    },
  ]);
}

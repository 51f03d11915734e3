import "server-only";
import type { Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { sessionHash } from "../auth/session-store";
import type { RequestFacts } from "../request/request-facts";
import { enqueueEmail } from "../mail/outbox";
import { factorChangedNotice } from "@/emails/notices";

export type FactorChange =
  | { event: "factor.added" | "factor.removed"; factor: "passkey" | "authenticator app"; name?: string }
  | { event: "factor.recovery_used"; factor: "recovery code used"; remaining: number };

/**
 * The owner hears about every change to their factors (ASVS 6.3.7) and the trail records
 * it, in the transaction that makes the change. Call kickOutbox() after it commits.
 */
export async function recordFactorChange(
  tx: Tx,
  who: { userId: string; email: string; sessionToken: string },
  change: FactorChange,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<void> {
  const env = readEnv();
  const notice = factorChangedNotice({
    appName: env.APP_NAME,
    change: change.event === "factor.removed" ? "removed" : "added",
    factor: change.factor,
    name: "name" in change ? change.name : undefined,
    at: now,
    securityUrl: `${env.AUTH_URL}/account/security`,
  });
  await enqueueEmail(tx, { to: who.email, payload: { kind: "notice", ...notice } });
  const details = change.event === "factor.recovery_used" ? { remaining: change.remaining } : { factor: change.factor, name: change.name ?? null };
  await recordEvents(tx, [
    {
      type: change.event,
      userId: who.userId,
      sessionHash: sessionHash(who.sessionToken),
      ip: facts.ip,
      userAgent: facts.userAgent,
      deviceHash: facts.deviceHash,
      outcome: "success",
      details,
    },
  ], now);
}

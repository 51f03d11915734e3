import { isDeliveryProblem, suppressionProblem } from "../../mail/delivery-problem";

/**
 * What the waiting tab says about the email, in the states it explains in words. Pure and
 * client-safe. A decoy (a refused request: locked or over its budget) never sends anything,
 * yet must say what a real attempt for the same address would say, or the tab would tell
 * such addresses apart: decoyDelivery answers from what the app knows about the address
 * (a suppression, or how the latest real email there ended), exactly as a new real email
 * would end.
 */
export type TabDelivery = "QUEUED" | "SENT" | "RETRYING" | "REFUSED" | "BOUNCED";

const FROM_PROBLEM = { retrying: "RETRYING", refused: "REFUSED", bounced: "BOUNCED" } as const;

export function tabDelivery(deliveryStatus: "QUEUED" | "SENT" | "FAILED", deliveryProblem: string | null): TabDelivery {
  if (deliveryStatus !== "FAILED") return deliveryStatus;
  // A failure recorded before problems were kept was always retried.
  return isDeliveryProblem(deliveryProblem) ? FROM_PROBLEM[deliveryProblem] : "RETRYING";
}

export interface AddressDeliveryFacts {
  suppression: { reason: "hard-bounce" | "complaint" } | null;
  /** The latest real attempt for the address, if any. */
  latest: { deliveryStatus: "QUEUED" | "SENT" | "FAILED"; deliveryProblem: string | null; expiresAt: Date } | null;
  now: Date;
}

/**
 * A real email to a suppressed address is skipped (bounced or refused, as suppressionProblem
 * says); one to an address that just refused or bounced for good would end the same way; one
 * to an address whose mail is being retried right now would be retried too. Otherwise it
 * goes out.
 */
export function decoyDelivery(facts: AddressDeliveryFacts): Exclude<TabDelivery, "QUEUED"> {
  if (facts.suppression) return FROM_PROBLEM[suppressionProblem(facts.suppression.reason)];
  const latest = facts.latest;
  if (!latest || latest.deliveryStatus !== "FAILED") return "SENT";
  // Failed without a problem: not sent because its link closed first, which says nothing about the address.
  if (!isDeliveryProblem(latest.deliveryProblem)) return "SENT";
  const problem = latest.deliveryProblem;
  if (problem === "retrying") return latest.expiresAt.getTime() > facts.now.getTime() ? "RETRYING" : "SENT";
  return FROM_PROBLEM[problem];
}

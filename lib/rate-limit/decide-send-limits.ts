/**
 * Which send budget, if any, refuses a sign-in request: a pure function of the counts after
 * this request was counted. Budgets belong to requesters, so strangers cannot spend the owner's:
 *
 * - network: requests from one client network (IPv4 address, IPv6 /64), for any addresses;
 * - device: requests from one browser (binding cookie);
 * - share: requests for one mailbox (+tags folded) from one requester — a recognised browser
 *   (one that has signed in to the account before) is its own requester, anyone else is their
 *   network — so an attacker's requests spend only the attacker's share;
 * - mailbox: all strangers' requests for one mailbox together, under a higher cap, so many
 *   networks cannot flood one inbox; a recognised browser is not held to it;
 * - global: the whole service. Under pressure it refuses the networks using most of it first
 *   (fairness), so a one-source flood cannot switch sign-in off for everyone; a recognised
 *   browser is not held to it either.
 */
export type SendLimit = "network" | "device" | "share" | "mailbox" | "global";

export interface SendCounts {
  network: number;
  /** Null when the browser has no binding cookie yet (it gets one with this request). */
  device: number | null;
  share: number;
  mailbox: number;
  /** This network's requests within the global window. */
  networkInGlobalWindow: number;
  global: number;
}

export interface SendRules {
  network: number;
  device: number;
  share: number;
  mailbox: number;
  global: number;
}

export type SendDecision = { limited: false } | { limited: true; by: SendLimit };

export function decideSendLimits(counts: SendCounts, rules: SendRules, requester: { recognised: boolean }): SendDecision {
  if (counts.network > rules.network) return { limited: true, by: "network" };
  if (counts.device !== null && counts.device > rules.device) return { limited: true, by: "device" };
  if (counts.share > rules.share) return { limited: true, by: "share" };
  if (requester.recognised) return { limited: false };
  if (counts.mailbox > rules.mailbox) return { limited: true, by: "mailbox" };
  if (counts.global > rules.global) return { limited: true, by: "global" };
  // Counts include this request; fairness looks at what was used before it.
  if (counts.networkInGlobalWindow - 1 >= fairShare(counts.global - 1, rules.global)) return { limited: true, by: "global" };
  return { limited: false };
}

/**
 * How many requests one network may have made in the current global window before this one:
 * unlimited while the service is under half its global budget, then half of what is left, so
 * the heaviest networks are refused first and a newcomer always finds room until the budget
 * is spent. With 300 a minute and one network flooding: it is refused from its 151st request
 * (half the budget, 150 requests, still left: each newcomer needs only one).
 */
export function fairShare(usedBefore: number, globalBudget: number): number {
  if (usedBefore < globalBudget / 2) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.floor((globalBudget - usedBefore) / 2));
}

/** Which counters a refused request gives back: a refusal must not spend budgets others share. */
export function countersToRefund(decision: SendDecision): Array<"mailbox" | "global" | "networkInGlobalWindow"> {
  return decision.limited ? ["mailbox", "global", "networkInGlobalWindow"] : [];
}

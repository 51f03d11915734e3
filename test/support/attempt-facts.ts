import type { AttemptFacts, AttemptStatus, CrossDevicePolicy, RedemptionSettings } from "@/lib/magic-link/attempt-state";
import type { FailureReason } from "@/lib/magic-link/failure-reasons";

/** Shared facts for the lifecycle's decision tests: one clock, two browsers, every closed state. */
export const NOW = new Date("2026-03-01T12:00:00Z");
export const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
export const MINE = "binding-hash-of-requesting-browser";
export const OTHER = "binding-hash-of-another-browser";

export const attempt = (overrides: Partial<AttemptFacts> = {}): AttemptFacts => ({
  status: "PENDING",
  expiresAt: minutes(10),
  bindingHash: MINE,
  approvedAt: null,
  approvalRequestedAt: null,
  codeFailures: 0,
  accountLocked: false,
  ...overrides,
});

export const settings = (overrides: Partial<RedemptionSettings> = {}): RedemptionSettings => ({
  crossDevicePolicy: "approve",
  codeMaxTries: 5,
  ...overrides,
});

/** Every way an attempt can be closed, in the documented order of checks. */
export const CLOSED: Array<[string, AttemptFacts | null, FailureReason]> = [
  ["missing", null, "not-found"],
  ["account locked (wins over every status)", attempt({ accountLocked: true, status: "REDEEMED", expiresAt: minutes(-1) }), "locked"],
  ["redeemed", attempt({ status: "REDEEMED", expiresAt: minutes(-1) }), "already-used"],
  ["superseded", attempt({ status: "SUPERSEDED", expiresAt: minutes(-1) }), "superseded"],
  ["cancelled", attempt({ status: "CANCELLED", expiresAt: minutes(-1) }), "cancelled"],
  ["locked attempt", attempt({ status: "LOCKED", expiresAt: minutes(-1) }), "locked"],
  ["expired exactly now", attempt({ expiresAt: NOW }), "expired"],
  ["expired a minute ago", attempt({ expiresAt: minutes(-1) }), "expired"],
  ["awaiting approval but expired", attempt({ status: "AWAITING_APPROVAL", expiresAt: minutes(-1) }), "expired"],
];
export const OPEN_STATUSES: AttemptStatus[] = ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"];
export const POLICIES: CrossDevicePolicy[] = ["strict", "approve", "allow"];

import { describe, expect, it } from "vitest";
import {
  decideApprovalPick,
  decideApprovedFinish,
  decideCodeEntry,
  decideLinkOpen,
  decideLinkRedemption,
  FAILURE_REASONS,
  failureMessage,
  type AttemptFacts,
  type AttemptStatus,
  type CrossDevicePolicy,
  type FailureReason,
  type RedemptionSettings,
} from "./decide-redemption";

const NOW = new Date("2026-03-01T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const MINE = "binding-hash-of-requesting-browser";
const OTHER = "binding-hash-of-another-browser";

const attempt = (overrides: Partial<AttemptFacts> = {}): AttemptFacts => ({
  status: "PENDING",
  expiresAt: minutes(10),
  bindingHash: MINE,
  approvedAt: null,
  approvalRequestedAt: null,
  codeFailures: 0,
  accountLocked: false,
  ...overrides,
});
const settings = (overrides: Partial<RedemptionSettings> = {}): RedemptionSettings => ({
  crossDevicePolicy: "approve",
  codeMaxTries: 5,
  ...overrides,
});

/** Every way an attempt can be closed, in the documented order of checks. */
const CLOSED: Array<[string, AttemptFacts | null, FailureReason]> = [
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
const OPEN_STATUSES: AttemptStatus[] = ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"];
const POLICIES: CrossDevicePolicy[] = ["strict", "approve", "allow"];

describe("decideLinkOpen", () => {
  it.each(CLOSED)("%s → failed", (_, facts, reason) => {
    expect(decideLinkOpen(facts, { bindingHash: MINE }, settings(), NOW)).toEqual({ kind: "failed", reason });
  });

  it.each(OPEN_STATUSES)("same browser, %s, a millisecond before expiry → redeem here", (status) => {
    const facts = attempt({ status, expiresAt: new Date(NOW.getTime() + 1) });
    for (const crossDevicePolicy of POLICIES) {
      expect(decideLinkOpen(facts, { bindingHash: MINE }, settings({ crossDevicePolicy }), NOW)).toEqual({ kind: "redeem-here" });
    }
  });

  it.each([
    ["allow", { kind: "confirm-other-device" }],
    ["approve", { kind: "approve-for-original" }],
    ["strict", { kind: "refuse-other-device", reason: "other-browser" }],
  ] as const)("another browser under %s", (crossDevicePolicy, expected) => {
    expect(decideLinkOpen(attempt(), { bindingHash: OTHER }, settings({ crossDevicePolicy }), NOW)).toEqual(expected);
    expect(decideLinkOpen(attempt(), { bindingHash: null }, settings({ crossDevicePolicy }), NOW)).toEqual(expected);
  });

  it("an empty binding never matches, not even an empty stored one", () => {
    expect(decideLinkOpen(attempt({ bindingHash: "" }), { bindingHash: "" }, settings(), NOW)).toEqual({ kind: "approve-for-original" });
  });

  it("a link that already approved the original tab cannot start another approval", () => {
    const approved = attempt({ status: "AWAITING_APPROVAL", approvalRequestedAt: minutes(-2), approvedAt: minutes(-1) });
    expect(decideLinkOpen(approved, { bindingHash: OTHER }, settings(), NOW)).toEqual({ kind: "failed", reason: "already-used" });
    expect(decideLinkOpen(approved, { bindingHash: MINE }, settings(), NOW)).toEqual({ kind: "redeem-here" });
  });
});

describe("decideLinkRedemption", () => {
  it.each(CLOSED)("%s → refused", (_, facts, reason) => {
    expect(
      decideLinkRedemption(facts, { bindingHash: MINE, confirmedOtherDevice: true }, settings({ crossDevicePolicy: "allow" }), NOW),
    ).toEqual({ allowed: false, reason });
  });

  it.each(OPEN_STATUSES)("same browser, %s → allowed, with or without confirmation", (status) => {
    for (const confirmedOtherDevice of [true, false]) {
      expect(decideLinkRedemption(attempt({ status }), { bindingHash: MINE, confirmedOtherDevice }, settings(), NOW)).toEqual({
        allowed: true,
        via: "same-browser",
      });
    }
  });

  it("another device is signed in only under allow AND after explicit confirmation", () => {
    const allow = settings({ crossDevicePolicy: "allow" });
    expect(decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: true }, allow, NOW)).toEqual({
      allowed: true,
      via: "other-device-confirmed",
    });
    expect(decideLinkRedemption(attempt(), { bindingHash: null, confirmedOtherDevice: true }, allow, NOW)).toEqual({
      allowed: true,
      via: "other-device-confirmed",
    });
    expect(decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: false }, allow, NOW)).toEqual({
      allowed: false,
      reason: "other-browser",
    });
  });

  it.each(["approve", "strict"] as const)("another device under %s is refused even when it says it confirmed", (crossDevicePolicy) => {
    expect(
      decideLinkRedemption(attempt(), { bindingHash: OTHER, confirmedOtherDevice: true }, settings({ crossDevicePolicy }), NOW),
    ).toEqual({ allowed: false, reason: "other-browser" });
  });

  it("a link already spent on approving the original tab cannot sign another device in", () => {
    const approved = attempt({ status: "AWAITING_APPROVAL", approvedAt: minutes(-1) });
    expect(
      decideLinkRedemption(approved, { bindingHash: OTHER, confirmedOtherDevice: true }, settings({ crossDevicePolicy: "allow" }), NOW),
    ).toEqual({ allowed: false, reason: "already-used" });
  });
});

describe("decideApprovalPick", () => {
  const awaiting = (overrides: Partial<AttemptFacts & { approvalNumber: number | null }> = {}) => ({
    ...attempt({ status: "AWAITING_APPROVAL", approvalRequestedAt: minutes(-1) }),
    approvalNumber: 42,
    ...overrides,
  });

  it.each(CLOSED)("%s → refused", (_, facts, reason) => {
    expect(decideApprovalPick(facts && { ...facts, approvalNumber: 42 }, 42, NOW)).toEqual({ approved: false, reason });
  });

  it("the right number approves", () => {
    expect(decideApprovalPick(awaiting(), 42, NOW)).toEqual({ approved: true });
  });

  it.each([[41], [43], [0], [Number.NaN], [42.5]])("a wrong pick (%j) is refused as wrong-number", (pick) => {
    expect(decideApprovalPick(awaiting(), pick, NOW)).toEqual({ approved: false, reason: "wrong-number" });
  });

  it("approving twice is refused", () => {
    expect(decideApprovalPick(awaiting({ approvedAt: minutes(-1) }), 42, NOW)).toEqual({ approved: false, reason: "already-used" });
  });

  it("with no challenge issued there is nothing to approve", () => {
    expect(decideApprovalPick(awaiting({ status: "PENDING" }), 42, NOW)).toEqual({ approved: false, reason: "not-found" });
    expect(decideApprovalPick(awaiting({ status: "DELIVERY_FAILED" }), 42, NOW)).toEqual({ approved: false, reason: "not-found" });
    expect(decideApprovalPick(awaiting({ approvalNumber: null }), 42, NOW)).toEqual({ approved: false, reason: "not-found" });
  });
});

describe("decideApprovedFinish", () => {
  const approved = (overrides: Partial<AttemptFacts> = {}) =>
    attempt({ status: "AWAITING_APPROVAL", approvalRequestedAt: minutes(-2), approvedAt: minutes(-1), ...overrides });

  it.each(CLOSED)("%s → refused", (_, facts, reason) => {
    expect(decideApprovedFinish(facts && { ...facts, approvedAt: minutes(-1) }, { bindingHash: MINE }, NOW)).toEqual({
      allowed: false,
      reason,
    });
  });

  it.each(OPEN_STATUSES)("the original browser finishes once approved (%s)", (status) => {
    expect(decideApprovedFinish(approved({ status }), { bindingHash: MINE }, NOW)).toEqual({ allowed: true });
  });

  it("any other browser is refused, approved or not", () => {
    expect(decideApprovedFinish(approved(), { bindingHash: OTHER }, NOW)).toEqual({ allowed: false, reason: "other-browser" });
    expect(decideApprovedFinish(approved(), { bindingHash: null }, NOW)).toEqual({ allowed: false, reason: "other-browser" });
  });

  it("the original browser cannot finish before approval", () => {
    expect(decideApprovedFinish(approved({ approvedAt: null }), { bindingHash: MINE }, NOW)).toEqual({
      allowed: false,
      reason: "not-found",
    });
  });
});

describe("decideCodeEntry", () => {
  const entry = (overrides: Partial<{ bindingHash: string | null; codeMatches: boolean; accountCodeBudgetLeft: number }> = {}) => ({
    bindingHash: MINE,
    codeMatches: true,
    accountCodeBudgetLeft: 10,
    ...overrides,
  });
  const refused = (reason: FailureReason, triesLeft: number, killAttempt = false, lockAccount = false) => ({
    allowed: false,
    reason,
    triesLeft,
    killAttempt,
    lockAccount,
  });

  it.each(CLOSED)("%s → refused with no tries left", (_, facts, reason) => {
    expect(decideCodeEntry(facts, entry(), settings(), NOW)).toEqual(refused(reason, 0));
  });

  it.each(OPEN_STATUSES)("the right code in the requesting browser is allowed (%s), under every policy", (status) => {
    for (const crossDevicePolicy of POLICIES) {
      expect(decideCodeEntry(attempt({ status }), entry(), settings({ crossDevicePolicy }), NOW)).toEqual({ allowed: true });
    }
  });

  it("the code works only in the browser that asked, even when it is right", () => {
    expect(decideCodeEntry(attempt({ codeFailures: 1 }), entry({ bindingHash: OTHER }), settings(), NOW)).toEqual(
      refused("other-browser", 4),
    );
    expect(decideCodeEntry(attempt(), entry({ bindingHash: null }), settings({ crossDevicePolicy: "allow" }), NOW)).toEqual(
      refused("other-browser", 5),
    );
  });

  it("a wrong code counts down the tries", () => {
    expect(decideCodeEntry(attempt(), entry({ codeMatches: false }), settings(), NOW)).toEqual(refused("wrong-code", 4));
    expect(decideCodeEntry(attempt({ codeFailures: 3 }), entry({ codeMatches: false }), settings(), NOW)).toEqual(refused("wrong-code", 1));
  });

  it("the wrong code that reaches codeMaxTries kills the attempt", () => {
    expect(decideCodeEntry(attempt({ codeFailures: 4 }), entry({ codeMatches: false }), settings(), NOW)).toEqual(
      refused("too-many-tries", 0, true),
    );
    expect(decideCodeEntry(attempt(), entry({ codeMatches: false }), settings({ codeMaxTries: 1 }), NOW)).toEqual(
      refused("too-many-tries", 0, true),
    );
  });

  it("an attempt already at the limit refuses even the right code", () => {
    expect(decideCodeEntry(attempt({ codeFailures: 5 }), entry(), settings(), NOW)).toEqual(refused("too-many-tries", 0, true));
    expect(decideCodeEntry(attempt({ codeFailures: 9 }), entry(), settings(), NOW)).toEqual(refused("too-many-tries", 0, true));
  });

  it("an exhausted account budget pauses code entry, even for the right code", () => {
    expect(decideCodeEntry(attempt({ codeFailures: 2 }), entry({ accountCodeBudgetLeft: 0 }), settings(), NOW)).toEqual(
      refused("account-locked", 3, false, true),
    );
    expect(decideCodeEntry(attempt(), entry({ accountCodeBudgetLeft: -3 }), settings(), NOW)).toEqual(
      refused("account-locked", 5, false, true),
    );
  });

  it("the wrong code that spends the account's last point asks for the lockout", () => {
    expect(decideCodeEntry(attempt(), entry({ codeMatches: false, accountCodeBudgetLeft: 1 }), settings(), NOW)).toEqual(
      refused("wrong-code", 4, false, true),
    );
    expect(decideCodeEntry(attempt({ codeFailures: 4 }), entry({ codeMatches: false, accountCodeBudgetLeft: 1 }), settings(), NOW)).toEqual(
      refused("too-many-tries", 0, true, true),
    );
  });

  it("checks the browser before the account budget, so another browser learns nothing about it", () => {
    expect(decideCodeEntry(attempt(), entry({ bindingHash: OTHER, accountCodeBudgetLeft: 0 }), settings(), NOW)).toEqual(
      refused("other-browser", 5),
    );
  });
});

describe("failureMessage", () => {
  const REASONS: Array<FailureReason | "wrong-number"> = [...FAILURE_REASONS, "wrong-number"];

  it.each(REASONS)("%s has a title and a full-sentence body that never mention an account's existence", (reason) => {
    const { title, body } = failureMessage(reason, 10);
    expect(title).toMatch(/^[A-Z][^.]*$/);
    expect(body).toMatch(/^[A-Z].*\.$/);
    expect(`${title} ${body}`).not.toMatch(/no account|not registered|doesn't exist|does not exist|unknown (user|address)/i);
  });

  it("each reason reads differently", () => {
    expect(new Set(REASONS.map((reason) => failureMessage(reason, 10).title)).size).toBe(REASONS.length);
  });

  it("uses the wording the sign-in screens rely on", () => {
    expect(failureMessage("expired", 10)).toEqual({
      title: "This link has expired",
      body: "Links work for 10 minutes and only once. Request a new link from the sign-in page.",
    });
    expect(failureMessage("expired", 15).body).toContain("15 minutes");
    expect(failureMessage("superseded", 10).title).toBe("A newer link was sent");
    expect(failureMessage("other-browser", 10).body).toBe(
      "Open the link in the browser where you asked for it, or type the 6-digit code there.",
    );
  });

  it("falls back to the not-found wording for a reason it does not know (e.g. from a stale query string)", () => {
    expect(failureMessage("bogus" as FailureReason, 10)).toEqual(failureMessage("not-found", 10));
  });
});

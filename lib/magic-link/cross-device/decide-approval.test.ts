import { describe, expect, it } from "vitest";
import type { AttemptFacts } from "@/lib/magic-link/attempt-state";
import { attempt, CLOSED, MINE, minutes, NOW, OPEN_STATUSES, OTHER } from "@/test/support/attempt-facts";
import { decideApprovalPick, decideApprovedFinish } from "./decide-approval";

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

import { describe, expect, it } from "vitest";
import { USER_MESSAGES } from "@/lib/errors/user-messages";
import { approvalOutcomeNotice } from "./approval-outcome";

describe("approvalOutcomeNotice", () => {
  it("reports an approval and a denial as successes, in the map's words", () => {
    expect(approvalOutcomeNotice("approved")).toEqual({ tone: "success", text: "Approved: that browser is signed in now." });
    expect(approvalOutcomeNotice("denied")).toEqual({ tone: "success", text: USER_MESSAGES.heldSignIn.denied });
  });

  it("reports every other outcome the actions set as an error", () => {
    for (const code of ["wrong-number", "too-many-tries", "gone", "not-allowed", "refused"] as const) {
      expect(approvalOutcomeNotice(code)).toEqual({ tone: "error", text: USER_MESSAGES.heldSignIn[code] });
    }
  });

  it("shows nothing for no outcome, an unknown one or an inherited property name", () => {
    for (const outcome of [null, "", "invalid-input", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(approvalOutcomeNotice(outcome)).toBeUndefined();
    }
  });
});

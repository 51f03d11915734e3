import { describe, expect, it } from "vitest";
import { decoyDelivery, tabDelivery } from "./tab-delivery";

const NOW = new Date("2026-11-29T10:00:00Z");
const valid = new Date(NOW.getTime() + 60_000);
const expired = new Date(NOW.getTime() - 1);

describe("tabDelivery", () => {
  it("passes queued and sent through", () => {
    expect(tabDelivery("QUEUED", null)).toBe("QUEUED");
    expect(tabDelivery("SENT", null)).toBe("SENT");
  });

  it("names each failure in its own words", () => {
    expect(tabDelivery("FAILED", "retrying")).toBe("RETRYING");
    expect(tabDelivery("FAILED", "refused")).toBe("REFUSED");
    expect(tabDelivery("FAILED", "bounced")).toBe("BOUNCED");
  });

  it("reads a failure without a known problem (recorded before problems were kept) as retrying", () => {
    expect(tabDelivery("FAILED", null)).toBe("RETRYING");
    expect(tabDelivery("FAILED", "something else")).toBe("RETRYING");
  });
});

describe("decoyDelivery: what a real email to the same address would show", () => {
  it("sent, for an address the app knows nothing bad about", () => {
    expect(decoyDelivery({ suppression: null, latest: null, now: NOW })).toBe("SENT");
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "SENT", deliveryProblem: null, expiresAt: valid }, now: NOW }),
    ).toBe("SENT");
  });

  it("bounced or refused for a suppressed address, as a skipped real email would be", () => {
    expect(decoyDelivery({ suppression: { reason: "hard-bounce" }, latest: null, now: NOW })).toBe("BOUNCED");
    expect(decoyDelivery({ suppression: { reason: "complaint" }, latest: null, now: NOW })).toBe("REFUSED");
    // The suppression is what a new email meets first, whatever the last one did.
    expect(
      decoyDelivery({
        suppression: { reason: "hard-bounce" },
        latest: { deliveryStatus: "SENT", deliveryProblem: null, expiresAt: valid },
        now: NOW,
      }),
    ).toBe("BOUNCED");
  });

  it("refused or bounced when the latest real email there ended that way, however long ago", () => {
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "FAILED", deliveryProblem: "refused", expiresAt: expired }, now: NOW }),
    ).toBe("REFUSED");
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "FAILED", deliveryProblem: "bounced", expiresAt: expired }, now: NOW }),
    ).toBe("BOUNCED");
  });

  it("sent when the latest real email was only dropped because its link closed first", () => {
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "FAILED", deliveryProblem: null, expiresAt: valid }, now: NOW }),
    ).toBe("SENT");
  });

  it("retrying only while the latest real email is still being retried", () => {
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "FAILED", deliveryProblem: "retrying", expiresAt: valid }, now: NOW }),
    ).toBe("RETRYING");
    expect(
      decoyDelivery({ suppression: null, latest: { deliveryStatus: "FAILED", deliveryProblem: "retrying", expiresAt: expired }, now: NOW }),
    ).toBe("SENT");
  });
});

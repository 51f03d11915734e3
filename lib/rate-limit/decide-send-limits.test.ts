import { describe, expect, it } from "vitest";
import { countersToRefund, decideSendLimits, fairShare, type SendCounts } from "./decide-send-limits";

const rules = { network: 30, device: 10, share: 5, mailbox: 20, global: 300 };
const counts = (overrides: Partial<SendCounts> = {}): SendCounts => ({
  network: 1,
  device: 1,
  share: 1,
  mailbox: 1,
  networkInGlobalWindow: 1,
  global: 1,
  ...overrides,
});
const stranger = { recognised: false };
const recognised = { recognised: true };

describe("decideSendLimits", () => {
  it("lets a request through while every count is within its budget (counts include this request)", () => {
    expect(decideSendLimits(counts({ network: 30, device: 10, share: 5, mailbox: 20, global: 300 }), rules, stranger)).toEqual({
      limited: false,
    });
  });

  it.each([
    ["network", { network: 31 }],
    ["device", { device: 11 }],
    ["share", { share: 6 }],
    ["mailbox", { mailbox: 21 }],
    ["global", { global: 301 }],
  ] as const)("refuses past the %s budget", (by, over) => {
    expect(decideSendLimits(counts(over), rules, stranger)).toEqual({ limited: true, by });
  });

  it("checks the narrowest budgets first, so a noisy client is named as such", () => {
    expect(decideSendLimits(counts({ network: 31, share: 9, global: 999 }), rules, stranger)).toEqual({ limited: true, by: "network" });
    expect(decideSendLimits(counts({ share: 6, mailbox: 99 }), rules, stranger)).toEqual({ limited: true, by: "share" });
  });

  it("a browser without a binding cookie yet is not held to a device budget", () => {
    expect(decideSendLimits(counts({ device: null }), rules, stranger)).toEqual({ limited: false });
  });

  it("a recognised browser keeps its way in while strangers have used up the mailbox and the service", () => {
    expect(decideSendLimits(counts({ mailbox: 500, global: 5_000, networkInGlobalWindow: 300 }), rules, recognised)).toEqual({
      limited: false,
    });
    // ...but within its own share, device and network budgets.
    expect(decideSendLimits(counts({ share: 6 }), rules, recognised)).toEqual({ limited: true, by: "share" });
    expect(decideSendLimits(counts({ network: 31 }), rules, recognised)).toEqual({ limited: true, by: "network" });
  });

  it("under pressure, refuses the network flooding the global budget while a newcomer still gets through", () => {
    // One network has made all 160 requests of this window.
    expect(decideSendLimits(counts({ global: 161, networkInGlobalWindow: 161 }), rules, stranger)).toEqual({ limited: true, by: "global" });
    expect(decideSendLimits(counts({ global: 161, networkInGlobalWindow: 1 }), rules, stranger)).toEqual({ limited: false });
  });
});

describe("fairShare", () => {
  it("is unlimited below half the global budget", () => {
    expect(fairShare(0, 300)).toBe(Number.POSITIVE_INFINITY);
    expect(fairShare(149, 300)).toBe(Number.POSITIVE_INFINITY);
  });

  it("then shrinks to half of what is left, never below one", () => {
    expect(fairShare(150, 300)).toBe(75);
    expect(fairShare(250, 300)).toBe(25);
    expect(fairShare(299, 300)).toBe(1);
    expect(fairShare(300, 300)).toBe(1);
  });

  it("a one-network flood is held to half the budget: the other half stays for everyone else", () => {
    let used = 0;
    let flooder = 0;
    for (let request = 0; request < 10_000; request++) {
      if (flooder < fairShare(used, 300)) {
        used++;
        flooder++;
      }
    }
    expect(flooder).toBe(150);
    let newcomers = 0;
    while (0 < fairShare(used, 300) && used < 300) {
      used++;
      newcomers++;
    }
    expect(newcomers).toBe(150);
  });
});

describe("countersToRefund", () => {
  it("gives back what others share when a request is refused, nothing when it goes through", () => {
    expect(countersToRefund({ limited: true, by: "share" })).toEqual(["mailbox", "global", "networkInGlobalWindow"]);
    expect(countersToRefund({ limited: false })).toEqual([]);
  });
});

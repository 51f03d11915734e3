import { describe, expect, it } from "vitest";
import { classifySendFailure, decideRetry, sendFailureFacts } from "./decide-retry";

const NOW = new Date("2026-11-29T10:00:00Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("classifySendFailure", () => {
  it("a 5xx refusal of the recipient or the message is permanent", () => {
    expect(classifySendFailure({ code: "EENVELOPE", responseCode: 550 })).toBe("permanent");
    expect(classifySendFailure({ code: "EENVELOPE", responseCode: 553 })).toBe("permanent");
    expect(classifySendFailure({ code: "EMESSAGE", responseCode: 554 })).toBe("permanent");
  });

  it("an address the client itself refuses, and a message that cannot be rendered, are permanent", () => {
    expect(classifySendFailure({ code: "EENVELOPE" })).toBe("permanent");
    expect(classifySendFailure({ unrenderable: true })).toBe("permanent");
  });

  it("4xx replies and connection trouble are temporary", () => {
    expect(classifySendFailure({ code: "EENVELOPE", responseCode: 451 })).toBe("temporary");
    expect(classifySendFailure({ code: "EMESSAGE", responseCode: 452 })).toBe("temporary");
    expect(classifySendFailure({ code: "ECONNECTION" })).toBe("temporary");
    expect(classifySendFailure({ code: "ESOCKET" })).toBe("temporary");
    expect(classifySendFailure({ code: "ETIMEDOUT" })).toBe("temporary");
    expect(classifySendFailure({})).toBe("temporary");
  });

  it("a 5xx about our own settings (authentication, the greeting) is temporary: fixing the settings drains the queue", () => {
    expect(classifySendFailure({ code: "EAUTH", responseCode: 535 })).toBe("temporary");
    expect(classifySendFailure({ code: "EPROTOCOL", responseCode: 554 })).toBe("temporary");
  });
});

describe("sendFailureFacts", () => {
  it("reads nodemailer's code and reply, and ignores anything else", () => {
    expect(sendFailureFacts(Object.assign(new Error("x"), { code: "EENVELOPE", responseCode: 550 }))).toEqual({
      code: "EENVELOPE",
      responseCode: 550,
    });
    expect(sendFailureFacts(Object.assign(new Error("x"), { code: 7, responseCode: "550" }))).toEqual({
      code: undefined,
      responseCode: undefined,
    });
    expect(sendFailureFacts("boom")).toEqual({});
    expect(sendFailureFacts(null)).toEqual({});
  });
});

describe("decideRetry", () => {
  const base = { tries: 1, maxTries: 10, delayMs: 2_000, linkExpiresAt: at(15 * 60_000), now: NOW };

  it("never retries a permanent failure, even on the first try with plenty of time", () => {
    expect(decideRetry({ ...base, failure: "permanent" })).toEqual({ retry: false, because: "permanent" });
  });

  it("retries a temporary failure after the backoff", () => {
    expect(decideRetry({ ...base, failure: "temporary" })).toEqual({ retry: true, nextTryAt: at(2_000) });
  });

  it("stops when the next try would come at or after the link's expiry", () => {
    expect(decideRetry({ ...base, failure: "temporary", linkExpiresAt: at(2_000) })).toEqual({
      retry: false,
      because: "link-expires-first",
    });
    expect(decideRetry({ ...base, failure: "temporary", linkExpiresAt: at(1_000) })).toEqual({
      retry: false,
      because: "link-expires-first",
    });
    expect(decideRetry({ ...base, failure: "temporary", linkExpiresAt: at(2_001) })).toEqual({ retry: true, nextTryAt: at(2_000) });
  });

  it("a message without a link retries until the try budget is spent", () => {
    expect(decideRetry({ ...base, failure: "temporary", linkExpiresAt: null, tries: 9, delayMs: 300_000 })).toEqual({
      retry: true,
      nextTryAt: at(300_000),
    });
    expect(decideRetry({ ...base, failure: "temporary", linkExpiresAt: null, tries: 10 })).toEqual({
      retry: false,
      because: "too-many-tries",
    });
  });
});

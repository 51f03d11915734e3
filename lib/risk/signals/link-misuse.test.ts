import { describe, expect, it } from "vitest";
import { codeGuessingSignal, expiredUseSignal, linkReuseSignal } from "./link-misuse";
import { sampleEvent, sampleRiskInput } from "./sample-risk-input";

const withEvents = (...types: Array<[string, number, string?]>) =>
  sampleRiskInput({ events: types.map(([type, seconds, ip]) => sampleEvent(type, seconds, ip ? { ip } : {})) });

describe("linkReuseSignal", () => {
  it("stays quiet for a link used once", () => {
    expect(linkReuseSignal(sampleRiskInput())).toBeNull();
  });
  it("fires on a second use from the request's network, naming where it came from", () => {
    expect(linkReuseSignal(withEvents(["attempt.redeemed", 10], ["attempt.reuse", 50, "203.0.113.44"]))).toEqual({
      signal: "link-reuse",
      weight: 30,
      reason: "The link was used again after it had been used (1 time, last from 203.0.113.44).",
    });
  });
  it("weighs reuse from another network more", () => {
    expect(linkReuseSignal(withEvents(["attempt.reuse", 50, "192.0.2.44"]))).toEqual({
      signal: "link-reuse",
      weight: 40,
      reason: "The link was used again after it had been used (1 time, last from 192.0.2.44, another network than the request's).",
    });
  });
  it("weighs repeated reuse more", () => {
    expect(linkReuseSignal(withEvents(["attempt.reuse", 20], ["attempt.reuse", 30], ["attempt.reuse", 40]))?.weight).toBe(40);
  });
});

describe("expiredUseSignal", () => {
  it("fires for each use after expiry", () => {
    expect(expiredUseSignal(sampleRiskInput())).toBeNull();
    expect(expiredUseSignal(withEvents(["attempt.expired_use", 50], ["attempt.expired_use", 55]))).toEqual({
      signal: "expired-use",
      weight: 10,
      reason: "The link was used after it expired (2 times).",
    });
  });
});

describe("codeGuessingSignal", () => {
  it("forgives one or two typos", () => {
    expect(codeGuessingSignal(withEvents(["code.failed", 10], ["code.failed", 20]))).toBeNull();
  });
  it("fires at three wrong codes and weighs more at five", () => {
    expect(codeGuessingSignal(withEvents(["code.failed", 10], ["code.failed", 20], ["code.failed", 30]))).toEqual({
      signal: "code-guessing",
      weight: 30,
      reason: "3 wrong codes entered for this sign-in.",
    });
    expect(codeGuessingSignal(sampleRiskInput({ attempt: { codeFailures: 5 } }))?.weight).toBe(40);
  });
  it("takes the larger of the attempt's counter and the events", () => {
    expect(codeGuessingSignal(sampleRiskInput({ attempt: { codeFailures: 4 } }))?.reason).toBe("4 wrong codes entered for this sign-in.");
  });
  it("treats an account-wide code lockout as guessing beyond doubt", () => {
    const input = withEvents(["code.failed", 10], ["account.code_lockout", 10]);
    expect(codeGuessingSignal(input)).toEqual({
      signal: "code-guessing",
      weight: 60,
      reason: "1 wrong code entered; code entry was locked for the whole account.",
    });
  });
});

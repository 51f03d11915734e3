import { describe, expect, it } from "vitest";
import { assessRisk, combineSignals, riskLevelForScore } from "./risk";
import { at, distinctRequests, sampleEvent, sampleRiskInput, USER_AGENTS } from "./signals/sample-risk-input";
import type { RiskSignal } from "./signals/types";

const signal = (weight: number, name: RiskSignal["signal"] = "scanner-fetch"): RiskSignal => ({
  signal: name,
  weight,
  reason: `w${weight}`,
});

describe("riskLevelForScore", () => {
  it.each([
    [0, "LOW"],
    [29, "LOW"],
    [30, "ELEVATED"],
    [59, "ELEVATED"],
    [60, "HIGH"],
    [100, "HIGH"],
  ])("%d → %s", (score, level) => {
    expect(riskLevelForScore(score)).toBe(level);
  });
});

describe("combineSignals", () => {
  it("is LOW with no signals", () => {
    expect(combineSignals([])).toEqual({ level: "LOW", score: 0, signals: [] });
  });
  it("adds weights, sorts heaviest first and caps at 100", () => {
    const combined = combineSignals([signal(5), signal(30, "link-reuse"), signal(20, "different-network")]);
    expect(combined.score).toBe(55);
    expect(combined.level).toBe("ELEVATED");
    expect(combined.signals.map((s) => s.weight)).toEqual([30, 20, 5]);
    expect(combineSignals([signal(60), signal(60)])).toMatchObject({ score: 100, level: "HIGH" });
  });
  it("ignores negative weights", () => {
    expect(combineSignals([signal(-50), signal(10)]).score).toBe(10);
  });
});

describe("assessRisk on whole stories", () => {
  it("a normal same-browser sign-in is LOW with no reasons", () => {
    expect(assessRisk(sampleRiskInput())).toEqual({ level: "LOW", score: 0, signals: [] });
  });
  it("a scanner fetch alone stays LOW", () => {
    const input = sampleRiskInput({
      events: [
        sampleEvent("email.sent", 1),
        sampleEvent("link.fetched", 23, { details: { likelyScanner: true, scannerName: "Microsoft Safe Links" } }),
      ],
    });
    expect(assessRisk(input)).toMatchObject({ level: "LOW", score: 5 });
  });
  it("a phone on mobile data approving a laptop whose mail is scanned stays LOW", () => {
    const phone = { ip: "100.70.4.9", userAgent: USER_AGENTS.safariIphone };
    const input = sampleRiskInput({
      attempt: {
        approval: { ...phone, deviceHash: null, at: at(30) },
        redemption: {
          ip: "203.0.113.7",
          userAgent: USER_AGENTS.firefoxLinux,
          deviceHash: "device-a",
          at: at(32),
          via: "cross-device-approval",
        },
      },
      events: [
        sampleEvent("email.sent", 1),
        sampleEvent("link.fetched", 9, { details: { likelyScanner: true, scannerName: "Mimecast" } }),
        sampleEvent("crossdevice.approved", 30, { ...phone, deviceHash: null }),
      ],
    });
    expect(assessRisk(input)).toMatchObject({ level: "LOW", score: 25 });
  });
  it("a link redeemed elsewhere in another browser is ELEVATED", () => {
    const input = sampleRiskInput({
      attempt: {
        redemption: {
          ip: "198.51.100.9",
          userAgent: USER_AGENTS.chromeWindows,
          deviceHash: "device-b",
          at: at(40),
          via: "other-device-confirmed",
        },
      },
    });
    expect(assessRisk(input)).toMatchObject({ level: "ELEVATED", score: 35 });
  });
  it("an admin signed in from a new device, network and browser is HIGH", () => {
    const input = sampleRiskInput({
      attempt: {
        accountIsAdmin: true,
        redemption: {
          ip: "198.51.100.9",
          userAgent: USER_AGENTS.chromeWindows,
          deviceHash: "device-b",
          at: at(40),
          via: "other-device-confirmed",
        },
      },
      events: [sampleEvent("attempt.redeemed", 40, { deviceHash: "device-b" })],
    });
    const assessment = assessRisk(input);
    expect(assessment).toMatchObject({ level: "HIGH", score: 70 });
    expect(assessment.signals.map((s) => s.signal)).toEqual(["new-admin-device", "different-network", "different-browser"]);
  });
  it("a burst of requests from one IP with code guessing is HIGH", () => {
    const input = sampleRiskInput({
      attempt: { status: "CANCELLED", redemption: null, codeFailures: 5 },
      history: { requestsFromIp: distinctRequests(25, 30) },
    });
    expect(assessRisk(input)).toMatchObject({ level: "HIGH", score: 85 });
  });
});

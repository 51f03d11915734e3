import type { AttemptEventFact, AttemptSnapshot, RiskHistory, RiskInput } from "./types";

/** Test data for the signals: a quiet same-browser sign-in, which each test bends one way. */

export const USER_AGENTS = {
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  chromeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  safeLinks: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro) SafeLinks",
};

export const T0 = new Date("2026-03-02T09:00:00Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function sampleEvent(type: string, seconds: number, overrides: Partial<AttemptEventFact> = {}): AttemptEventFact {
  return {
    type,
    at: at(seconds),
    ip: "203.0.113.7",
    userAgent: USER_AGENTS.firefoxLinux,
    deviceHash: "device-a",
    reason: null,
    details: {},
    ...overrides,
  };
}

export function sampleAttempt(overrides: Partial<AttemptSnapshot> = {}): AttemptSnapshot {
  return {
    id: "attempt-1",
    email: "ada@example.com",
    userId: "user-1",
    accountIsAdmin: false,
    status: "REDEEMED",
    requestedAt: T0,
    expiresAt: at(600),
    codeFailures: 0,
    request: { ip: "203.0.113.7", userAgent: USER_AGENTS.firefoxLinux, deviceHash: "device-a" },
    redemption: { ip: "203.0.113.7", userAgent: USER_AGENTS.firefoxLinux, deviceHash: "device-a", at: at(40), via: "same-browser" },
    approval: null,
    ...overrides,
  };
}

export function sampleHistory(overrides: Partial<RiskHistory> = {}): RiskHistory {
  return {
    requestsForAddress: [T0],
    rateLimitedForAddress: 0,
    requestsFromIp: [{ email: "ada@example.com", at: T0 }],
    requestsFromDevice: [{ email: "ada@example.com", at: T0 }],
    earlierSessionDevices: ["device-a"],
    ...overrides,
  };
}

export function sampleRiskInput(
  overrides: { attempt?: Partial<AttemptSnapshot>; events?: AttemptEventFact[]; history?: Partial<RiskHistory>; now?: Date } = {},
): RiskInput {
  return {
    attempt: sampleAttempt(overrides.attempt),
    events: overrides.events ?? [
      sampleEvent("attempt.requested", 0),
      sampleEvent("email.sent", 2, { ip: null, userAgent: null, deviceHash: null }),
      sampleEvent("link.fetched", 30, { details: { likelyScanner: false } }),
      sampleEvent("link.opened", 31),
      sampleEvent("attempt.redeemed", 40),
      sampleEvent("session.created", 41),
    ],
    history: sampleHistory(overrides.history),
    now: overrides.now ?? at(60),
  };
}

/** `n` requests for distinct addresses, spaced a minute apart before T0. */
export function distinctRequests(n: number, spacingSeconds = 60): Array<{ email: string; at: Date }> {
  return Array.from({ length: n }, (_, index) => ({ email: `person${index}@example.com`, at: at(-index * spacingSeconds) }));
}

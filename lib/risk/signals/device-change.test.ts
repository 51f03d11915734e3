import { describe, expect, it } from "vitest";
import { differentBrowserSignal, differentNetworkSignal, knownNetwork } from "./device-change";
import { at, sampleRiskInput, USER_AGENTS } from "./sample-risk-input";

const redeemedFrom = (ip: string | null, userAgent: string | null = USER_AGENTS.firefoxLinux) =>
  sampleRiskInput({ attempt: { redemption: { ip, userAgent, deviceHash: "device-a", at: at(40), via: "same-browser" } } });

describe("knownNetwork", () => {
  it("gives the /24 or /48 and nothing for unknown addresses", () => {
    expect(knownNetwork("203.0.113.7")).toBe("203.0.113.0/24");
    expect(knownNetwork("2001:db8:1:2::7")).toBe("2001:db8:1::/48");
    expect(knownNetwork("0.0.0.0")).toBeNull();
    expect(knownNetwork(null)).toBeNull();
    expect(knownNetwork("not an ip")).toBeNull();
  });
});

describe("differentNetworkSignal", () => {
  it("stays quiet on the same /24", () => {
    expect(differentNetworkSignal(redeemedFrom("203.0.113.200"))).toBeNull();
  });
  it("fires when request and redemption are on different networks, naming both", () => {
    expect(differentNetworkSignal(redeemedFrom("198.51.100.9"))).toEqual({
      signal: "different-network",
      weight: 20,
      reason: "Requested from network 203.0.113.0/24 but signed in from 198.51.100.0/24 (198.51.100.9).",
    });
  });
  it("says nothing on the development server asked from this machine (127.0.0.1 and ::1 are one place)", () => {
    const local = sampleRiskInput({
      attempt: {
        request: { ip: "127.0.0.1", userAgent: USER_AGENTS.firefoxLinux, deviceHash: "device-a" },
        redemption: { ip: "::1", userAgent: USER_AGENTS.firefoxLinux, deviceHash: "device-a", at: at(40), via: "same-browser" },
      },
    });
    expect(differentNetworkSignal(local)?.signal).toBe("different-network");
    expect(differentNetworkSignal({ ...local, localDevelopment: true })).toBeNull();
  });
  it("compares IPv6 by /48", () => {
    const input = sampleRiskInput({
      attempt: {
        request: { ip: "2001:db8:1:2::1", userAgent: null, deviceHash: "d" },
        redemption: { ip: "2001:db8:1:ffff::9", userAgent: null, deviceHash: "d", at: at(5), via: "code" },
      },
    });
    expect(differentNetworkSignal(input)).toBeNull();
    input.attempt.redemption!.ip = "2001:db8:2::9";
    expect(differentNetworkSignal(input)?.signal).toBe("different-network");
  });
  it("says nothing without a redemption or with an unknown address", () => {
    expect(differentNetworkSignal(sampleRiskInput({ attempt: { redemption: null } }))).toBeNull();
    expect(differentNetworkSignal(redeemedFrom("0.0.0.0"))).toBeNull();
    expect(differentNetworkSignal(redeemedFrom(null))).toBeNull();
  });
});

describe("differentBrowserSignal", () => {
  it("stays quiet for the same browser family", () => {
    expect(differentBrowserSignal(redeemedFrom("203.0.113.7"))).toBeNull();
  });
  it("fires for another browser family, naming both", () => {
    expect(differentBrowserSignal(redeemedFrom("203.0.113.7", USER_AGENTS.chromeWindows))).toEqual({
      signal: "different-browser",
      weight: 15,
      reason: "Requested in Firefox on Linux but signed in with Chrome on Windows.",
    });
  });
  it("fires when the redeemer has no recognisable browser", () => {
    expect(differentBrowserSignal(redeemedFrom("203.0.113.7", "python-requests/2.31"))?.reason).toBe(
      "Requested in Firefox on Linux but signed in with a client with no recognisable browser.",
    );
    expect(differentBrowserSignal(redeemedFrom("203.0.113.7", null))?.signal).toBe("different-browser");
  });
  it("cannot compare when the request's browser is unknown, or nothing was redeemed", () => {
    expect(
      differentBrowserSignal(sampleRiskInput({ attempt: { request: { ip: "203.0.113.7", userAgent: null, deviceHash: "d" } } })),
    ).toBeNull();
    expect(differentBrowserSignal(sampleRiskInput({ attempt: { redemption: null } }))).toBeNull();
  });
});

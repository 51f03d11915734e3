import { describe, expect, it } from "vitest";
import { manyAddressesFromDeviceSignal, manyAddressesFromIpSignal, manyRequestsForAddressSignal } from "./request-volume";
import { at, distinctRequests, sampleRiskInput } from "./sample-risk-input";

const times = (n: number, spacingSeconds = 60) => Array.from({ length: n }, (_, index) => at(-index * spacingSeconds));

describe("manyRequestsForAddressSignal", () => {
  it("stays quiet below five requests an hour", () => {
    expect(manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: times(4) } }))).toBeNull();
  });
  it("fires at five and weighs more at ten", () => {
    expect(manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: times(5) } }))).toEqual({
      signal: "many-requests-for-address",
      weight: 15,
      reason: "5 sign-in requests for this address within an hour.",
    });
    expect(manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: times(10) } }))?.weight).toBe(30);
  });
  it("counts requests refused by rate limits", () => {
    const signal = manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: times(3), rateLimitedForAddress: 8 } }));
    expect(signal).toMatchObject({ weight: 30, reason: "11 sign-in requests for this address within an hour (8 refused by rate limits)." });
  });
  it("ignores requests outside the hour before the attempt and after the clock", () => {
    const old = times(6, 15 * 60); // 0, -15, -30, -45, -60, -75 minutes: five inside
    expect(manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: old } }))?.reason).toMatch(/^5 /);
    const later = [...times(4), at(3600)];
    expect(manyRequestsForAddressSignal(sampleRiskInput({ history: { requestsForAddress: later }, now: at(60) }))).toBeNull();
  });
});

describe("manyAddressesFromIpSignal", () => {
  it("stays quiet for a household's few addresses", () => {
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: distinctRequests(3) } }))).toBeNull();
  });
  it("counts distinct addresses, this one included, with rising weights", () => {
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: distinctRequests(4) } }))).toEqual({
      signal: "many-addresses-from-ip",
      weight: 20,
      reason: "Requests for 5 different addresses came from 203.0.113.7 within an hour.",
    });
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: distinctRequests(19) } }))?.weight).toBe(45);
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: distinctRequests(49) } }))?.weight).toBe(60);
  });
  it("does not count one address twice", () => {
    const same = Array.from({ length: 10 }, () => ({ email: "ada@example.com", at: at(-5) }));
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: same } }))).toBeNull();
  });
  it("skips an unknown IP", () => {
    const input = sampleRiskInput({
      attempt: { request: { ip: "0.0.0.0", userAgent: null, deviceHash: "d" } },
      history: { requestsFromIp: distinctRequests(30) },
    });
    expect(manyAddressesFromIpSignal(input)).toBeNull();
  });
  it("ignores requests older than an hour", () => {
    expect(manyAddressesFromIpSignal(sampleRiskInput({ history: { requestsFromIp: distinctRequests(30, 3600) } }))).toBeNull();
  });
});

describe("manyAddressesFromDeviceSignal", () => {
  it("fires at three addresses from one browser and weighs more at ten", () => {
    expect(manyAddressesFromDeviceSignal(sampleRiskInput({ history: { requestsFromDevice: distinctRequests(1) } }))).toBeNull();
    expect(manyAddressesFromDeviceSignal(sampleRiskInput({ history: { requestsFromDevice: distinctRequests(2) } }))).toEqual({
      signal: "many-addresses-from-device",
      weight: 20,
      reason: "The requesting browser asked for links to 3 different addresses within an hour.",
    });
    expect(manyAddressesFromDeviceSignal(sampleRiskInput({ history: { requestsFromDevice: distinctRequests(9) } }))?.weight).toBe(40);
  });
  it("needs a device hash", () => {
    const input = sampleRiskInput({
      attempt: { request: { ip: "203.0.113.7", userAgent: null, deviceHash: null } },
      history: { requestsFromDevice: distinctRequests(9) },
    });
    expect(manyAddressesFromDeviceSignal(input)).toBeNull();
  });
});

describe("local development", () => {
  it("says nothing about one IP asking for many addresses when every request comes from this machine", () => {
    const requests = distinctRequests(30);
    const busy = sampleRiskInput({
      attempt: { request: { ip: "::1", userAgent: null, deviceHash: "dev-1" } },
      history: { requestsFromIp: requests },
    });
    expect(manyAddressesFromIpSignal(busy)?.signal).toBe("many-addresses-from-ip");
    expect(manyAddressesFromIpSignal({ ...busy, localDevelopment: true })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { ipNetworkPrefix, maskIp, normaliseIp } from "./client-ip";

describe("normaliseIp", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["203.0.113.9:8080", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["::FFFF:203.0.113.9", "203.0.113.9"],
    ["[::ffff:203.0.113.9]:80", "203.0.113.9"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["2001:DB8::A", "2001:db8::a"],
    ["fe80::1%eth0", "fe80::1"],
    ["::ffff:abcd", "::ffff:abcd"],
    ["::ffff:c633:6407", "198.51.100.7"],
    ["0:0:0:0:0:ffff:a00:1", "10.0.0.1"],
  ])("%j → %j", (raw, expected) => {
    expect(normaliseIp(raw)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [""],
    ["unknown"],
    ["256.1.1.1"],
    ["01.2.3.4"],
    ["1.2.3"],
    ["example.com"],
    ["[1.2.3.4"],
    ["::ffff:999.1.1.1"],
  ])("%j → null", (raw) => {
    expect(normaliseIp(raw)).toBeNull();
  });
});

describe("ipNetworkPrefix", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["::ffff:203.0.113.77", "203.0.113.0/24"],
    ["2001:db8:1234:5678::1", "2001:db8:1234::/48"],
    ["2001:0db8:0000:0001:0:0:0:1", "2001:db8::/48"],
    ["2001:db8::1", "2001:db8::/48"],
    ["::1", "::/48"],
    ["2001:0:5::1", "2001:0:5::/48"],
    ["64:ff9b::203.0.113.5", "64:ff9b::/48"],
    ["not an ip", "unknown"],
  ])("%j → %j", (ip, expected) => {
    expect(ipNetworkPrefix(ip)).toBe(expected);
  });

  it("gives a /64 when asked (one IPv6 subscriber)", () => {
    expect(ipNetworkPrefix("2001:db8:1:2:3:4:5:6", 64)).toBe("2001:db8:1:2::/64");
    expect(ipNetworkPrefix("203.0.113.77", 64)).toBe("203.0.113.0/24");
  });
});

describe("maskIp", () => {
  it.each([
    ["40.94.12.7", "40.94.x.x"],
    ["::ffff:40.94.12.7", "40.94.x.x"],
    ["2001:db8::1", "2001:db8:x:x:x:x:x:x"],
    ["::1", "0:0:x:x:x:x:x:x"],
    ["nope", "unknown"],
  ])("%j → %j", (ip, expected) => {
    expect(maskIp(ip)).toBe(expected);
  });
});

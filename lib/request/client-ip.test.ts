import { describe, expect, it } from "vitest";
import { clientIp, ipNetworkPrefix, maskIp, normaliseIp, UNKNOWN_IP } from "./client-ip";

const facts = (remoteAddress: string | null, forwardedFor: string | null = null) => ({ remoteAddress, forwardedFor });

describe("clientIp with no trusted proxy", () => {
  it("uses the socket address and ignores X-Forwarded-For entirely", () => {
    expect(clientIp(facts("203.0.113.9", "198.51.100.1"), 0)).toBe("203.0.113.9");
  });

  it('answers "0.0.0.0" when the socket address is unknown or not an IP, even with a header', () => {
    expect(clientIp(facts(null, "198.51.100.1"), 0)).toBe(UNKNOWN_IP);
    expect(clientIp(facts("", null), 0)).toBe(UNKNOWN_IP);
    expect(clientIp(facts("unix:/tmp/sock", null), 0)).toBe(UNKNOWN_IP);
  });

  it("treats a negative or fractional count as no trusted proxy", () => {
    expect(clientIp(facts("203.0.113.9", "198.51.100.1"), -1)).toBe("203.0.113.9");
    expect(clientIp(facts("203.0.113.9", "198.51.100.1"), 1.5)).toBe("203.0.113.9");
  });
});

describe("clientIp behind trusted proxies", () => {
  it("one proxy: the rightmost entry, which that proxy appended", () => {
    expect(clientIp(facts("10.0.0.2", "1.1.1.1, 198.51.100.7"), 1)).toBe("198.51.100.7");
  });

  it("two proxies: the second entry from the right; spoofed entries to the left are ignored", () => {
    expect(clientIp(facts("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
    expect(clientIp(facts("10.0.0.3", "198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
  });

  it("ignores blank entries and spaces", () => {
    expect(clientIp(facts("10.0.0.2", " ,198.51.100.7 ,"), 1)).toBe("198.51.100.7");
  });

  it("falls back to the socket address when the list is shorter than the proxy count, or absent", () => {
    expect(clientIp(facts("10.0.0.2", "198.51.100.7"), 2)).toBe("10.0.0.2");
    expect(clientIp(facts("10.0.0.2", null), 1)).toBe("10.0.0.2");
    expect(clientIp(facts("10.0.0.2", ""), 1)).toBe("10.0.0.2");
    expect(clientIp(facts(null, null), 1)).toBe(UNKNOWN_IP);
  });

  it("falls back to the socket address when the chosen entry is not an IP", () => {
    expect(clientIp(facts("10.0.0.2", "198.51.100.7, unknown"), 1)).toBe("10.0.0.2");
    expect(clientIp(facts("10.0.0.2", "<script>"), 1)).toBe("10.0.0.2");
    expect(clientIp(facts(null, "garbage"), 1)).toBe(UNKNOWN_IP);
  });

  it("strips ports, brackets and the IPv4-mapped prefix from the chosen entry", () => {
    expect(clientIp(facts("10.0.0.2", "198.51.100.7:51234"), 1)).toBe("198.51.100.7");
    expect(clientIp(facts("10.0.0.2", "[2001:DB8::1]:443"), 1)).toBe("2001:db8::1");
    expect(clientIp(facts("10.0.0.2", "::ffff:198.51.100.7"), 1)).toBe("198.51.100.7");
  });
});

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

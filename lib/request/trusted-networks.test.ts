import { describe, expect, it } from "vitest";
import {
  coversEveryone,
  isInRanges,
  isLoopbackAddress,
  parseAddressRange,
  parseAddressRanges,
  type AddressRange,
} from "./trusted-networks";

const ranges = (list: string): AddressRange[] => {
  const parsed = parseAddressRanges(list);
  if ("invalid" in parsed) throw new Error(`not a range: ${parsed.invalid}`);
  return parsed.ranges;
};

describe("parseAddressRange", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.1.2.3/8"],
    ["192.168.1.7", "192.168.1.7/32"],
    [" 172.16.0.0/12 ", "172.16.0.0/12"],
    ["fd00::/8", "fd00::/8"],
    ["2001:DB8::/32", "2001:db8::/32"],
    ["::1", "::1/128"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["::ffff:10.0.0.1", "10.0.0.1/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
  ])("%j → %j", (raw, text) => {
    const range = parseAddressRange(raw)!;
    expect(range).not.toBeNull();
    expect(range.text).toBe(text);
    expect(isInRanges(raw.trim().split("/")[0], [range])).toBe(true);
  });

  it.each([
    ["10.0.0.0/33"],
    ["::/129"],
    ["::ffff:10.0.0.0/95"],
    ["10.0.0.0/"],
    ["10.0.0/8"],
    ["10.0.0.1:80"],
    ["[::1]"],
    ["[::1]/128"],
    ["example.com/8"],
    ["10.0.0.0/8/8"],
    ["10.0.0.0/-1"],
    ["*"],
    [""],
  ])("%j is refused", (raw) => {
    expect(parseAddressRange(raw)).toBeNull();
  });
});

describe("parseAddressRanges", () => {
  it("reads a comma-separated list, skipping blanks", () => {
    expect(ranges(" 10.0.0.0/8, ,fd00::/8,").map((range) => range.text)).toEqual(["10.0.0.0/8", "fd00::/8"]);
    expect(ranges("")).toEqual([]);
  });

  it("names the first entry that is not a range", () => {
    expect(parseAddressRanges("10.0.0.0/8, proxy.internal, nonsense")).toEqual({ invalid: "proxy.internal" });
  });
});

describe("isInRanges", () => {
  const trusted = ranges("10.0.0.0/8, 192.168.7.5, 2001:db8:aa::/48, ::1");

  it.each([
    ["10.0.0.1", true],
    ["10.255.255.255", true],
    ["11.0.0.1", false],
    ["9.255.255.255", false],
    ["192.168.7.5", true],
    ["192.168.7.6", false],
    ["::ffff:10.1.2.3", true],
    ["::ffff:a01:203", true],
    ["[::ffff:10.1.2.3]:4431", true],
    ["10.1.2.3:4431", true],
    ["2001:db8:aa:ffff::1", true],
    ["2001:db8:ab::1", false],
    ["2001:DB8:AA::", true],
    ["::1", true],
    ["[::1]:80", true],
    ["::2", false],
    ["0.0.0.0", false],
    ["garbage", false],
    ["", false],
  ])("%j → %j", (ip, expected) => {
    expect(isInRanges(ip, trusted)).toBe(expected);
  });

  it("never mixes families: ::/0 holds no IPv4 address, 0.0.0.0/0 no IPv6 one", () => {
    expect(isInRanges("10.0.0.1", ranges("::/0"))).toBe(false);
    expect(isInRanges("::1", ranges("0.0.0.0/0"))).toBe(false);
    expect(isInRanges("10.0.0.1", ranges("0.0.0.0/0"))).toBe(true);
  });

  it("matches nothing when no range is given, or no address", () => {
    expect(isInRanges("10.0.0.1", [])).toBe(false);
    expect(isInRanges(null, trusted)).toBe(false);
  });

  it("reads /31, /1 and /127 boundaries exactly", () => {
    expect(isInRanges("10.0.0.3", ranges("10.0.0.2/31"))).toBe(true);
    expect(isInRanges("10.0.0.4", ranges("10.0.0.2/31"))).toBe(false);
    expect(isInRanges("127.255.255.255", ranges("0.0.0.0/1"))).toBe(true);
    expect(isInRanges("128.0.0.0", ranges("0.0.0.0/1"))).toBe(false);
    expect(isInRanges("2001:db8::1", ranges("2001:db8::/127"))).toBe(true);
    expect(isInRanges("2001:db8::2", ranges("2001:db8::/127"))).toBe(false);
  });
});

describe("coversEveryone", () => {
  it("is true only for a /0", () => {
    expect(ranges("0.0.0.0/0, ::/0, 0.0.0.0/1").map(coversEveryone)).toEqual([true, true, false]);
  });
});

describe("isLoopbackAddress", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])("%s is this machine", (ip) => {
    expect(isLoopbackAddress(ip)).toBe(true);
  });
  it.each(["10.0.0.1", "198.51.100.7", "::2", "2001:db8::1", "0.0.0.0", null, "not an ip"])("%s is not", (ip) => {
    expect(isLoopbackAddress(ip)).toBe(false);
  });
});

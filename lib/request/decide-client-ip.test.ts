import { describe, expect, it } from "vitest";
import { UNKNOWN_IP } from "./client-ip";
import { CLIENT_IP_SOURCES, clientIsAProxy, decideClientIp, PLATFORM_IP_HEADERS, type ClientIpSource } from "./decide-client-ip";
import { parseAddressRanges, type AddressRange } from "./trusted-networks";

function ranges(list: string): AddressRange[] {
  const parsed = parseAddressRanges(list);
  if ("invalid" in parsed) throw new Error(parsed.invalid);
  return parsed.ranges;
}

/** Every header an attacker might try, so each test shows that only the declared one is read. */
const SPOOFED = {
  "x-forwarded-for": "6.6.6.1",
  "x-real-ip": "6.6.6.2",
  "cf-connecting-ip": "6.6.6.3",
  "fly-client-ip": "6.6.6.4",
  "x-vercel-forwarded-for": "6.6.6.5",
  "true-client-ip": "6.6.6.6",
  forwarded: "for=6.6.6.7",
  "x-client-ip": "6.6.6.8",
  "x-peer-address": "6.6.6.9",
};

function decide(source: ClientIpSource, peer: string | null, headers: Record<string, string> = {}, trusted = "") {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return decideClientIp({ source, trustedProxies: ranges(trusted) }, { peer, header: (name) => lower[name] ?? null });
}

describe("socket", () => {
  it("is the peer the request hook vouched for; no header counts", () => {
    expect(decide("socket", "203.0.113.9", SPOOFED)).toBe("203.0.113.9");
    expect(decide("socket", "::ffff:203.0.113.9", SPOOFED)).toBe("203.0.113.9");
    expect(decide("socket", "2001:db8::7", SPOOFED)).toBe("2001:db8::7");
  });

  it("without a known peer (the request hook never ran) every client is the same unknown address, never a header", () => {
    expect(decide("socket", null, SPOOFED)).toBe(UNKNOWN_IP);
    expect(decide("socket", "unix:/tmp/socket", SPOOFED)).toBe(UNKNOWN_IP);
  });
});

describe("x-forwarded-for", () => {
  const proxies = "10.0.0.0/8, fd00::/8";

  it("one proxy: the entry it appended", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "198.51.100.7" }, proxies)).toBe("198.51.100.7");
  });

  it("entries a client wrote, left of the first untrusted one, are never read", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "1.1.1.1, 10.9.9.9, 198.51.100.7" }, proxies)).toBe("198.51.100.7");
    // The client claims to be one of our proxies: its claim sits left of its real address.
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "10.0.0.3, 198.51.100.7" }, proxies)).toBe("198.51.100.7");
  });

  it("many hops: skips every trusted proxy from the right", () => {
    const chain = "6.6.6.6, 198.51.100.7, 10.0.0.5, fd00::3, 10.0.0.4, 10.0.0.3";
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": chain }, proxies)).toBe("198.51.100.7");
    const long = [
      ...Array.from({ length: 50 }, (_, n) => `6.6.${n}.1`),
      "198.51.100.8",
      ...Array.from({ length: 30 }, (_, n) => `10.0.${n}.1`),
    ].join(",");
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": long }, proxies)).toBe("198.51.100.8");
  });

  it("several X-Forwarded-For headers arrive joined by commas and read as one list", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.9" }, proxies)).toBe("198.51.100.7");
  });

  it("a peer that is no trusted proxy is itself the client, whatever it sends", () => {
    for (const header of ["198.51.100.7", "10.0.0.3", "6.6.6.6, 10.0.0.3", ""]) {
      expect(decide("x-forwarded-for", "203.0.113.50", { ...SPOOFED, "x-forwarded-for": header }, proxies)).toBe("203.0.113.50");
    }
    expect(decide("x-forwarded-for", "::ffff:203.0.113.50", SPOOFED, proxies)).toBe("203.0.113.50");
  });

  it("a trusted peer written as IPv4-mapped IPv6 is still trusted", () => {
    expect(decide("x-forwarded-for", "::ffff:10.0.0.2", { "x-forwarded-for": "198.51.100.7" }, proxies)).toBe("198.51.100.7");
  });

  it("strips ports, brackets, zones and the IPv4-mapped prefix from entries", () => {
    const cases: Array<[string, string]> = [
      ["198.51.100.7:51234", "198.51.100.7"],
      ["[2001:DB8::1]:443", "2001:db8::1"],
      ["[2001:db8::1]", "2001:db8::1"],
      ["::ffff:198.51.100.7", "198.51.100.7"],
      ["fe80::1%eth0", "fe80::1"],
      ["2001:db8::1, 10.0.0.3:8080", "2001:db8::1"],
    ];
    for (const [header, expected] of cases)
      expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": header }, proxies)).toBe(expected);
  });

  it("junk where an address should be: the nearest real hop, never anything left of the junk", () => {
    for (const junk of ["unknown", "<script>", "198.51.100.7 6.6.6.6", "999.1.1.1", "1.2.3", "_hidden", "for=6.6.6.6"]) {
      expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": `6.6.6.6, ${junk}` }, proxies)).toBe("10.0.0.2");
      expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": `6.6.6.6, ${junk}, 10.0.0.7` }, proxies)).toBe("10.0.0.7");
    }
  });

  it("blank entries and spaces are skipped", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": " ,198.51.100.7 , ," }, proxies)).toBe("198.51.100.7");
  });

  it("every hop trusted: the furthest one, where the request began", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "10.0.0.9, 10.0.0.8" }, proxies)).toBe("10.0.0.9");
    expect(decide("x-forwarded-for", "10.0.0.2", {}, proxies)).toBe("10.0.0.2");
    expect(decide("x-forwarded-for", "10.0.0.2", { "x-forwarded-for": "" }, proxies)).toBe("10.0.0.2");
  });

  it("reads only X-Forwarded-For: platform headers, Forwarded and the peer header are ignored", () => {
    expect(decide("x-forwarded-for", "10.0.0.2", { ...SPOOFED, "x-forwarded-for": "198.51.100.7" }, proxies)).toBe("198.51.100.7");
    expect(decide("x-forwarded-for", "10.0.0.2", { ...SPOOFED, "x-forwarded-for": "" }, proxies)).toBe("10.0.0.2");
  });

  it("with no peer known (plain next start), walks the header that Next.js fills from the socket when absent", () => {
    expect(decide("x-forwarded-for", null, { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" }, proxies)).toBe("198.51.100.7");
    expect(decide("x-forwarded-for", null, { "x-forwarded-for": "203.0.113.50" }, proxies)).toBe("203.0.113.50");
    expect(decide("x-forwarded-for", null, {}, proxies)).toBe(UNKNOWN_IP);
    expect(decide("x-forwarded-for", null, { "x-forwarded-for": "junk" }, proxies)).toBe(UNKNOWN_IP);
  });

  it("IPv6 proxies and clients", () => {
    expect(decide("x-forwarded-for", "fd00::1", { "x-forwarded-for": "2001:db8:5::9, fd00::2" }, proxies)).toBe("2001:db8:5::9");
    expect(decide("x-forwarded-for", "2001:db8::66", { "x-forwarded-for": "2001:db8:5::9" }, proxies)).toBe("2001:db8::66");
  });
});

describe("a platform header", () => {
  it.each(PLATFORM_IP_HEADERS)("%s: only that header is read", (name) => {
    const expected = SPOOFED[name];
    expect(decide(name, "10.0.0.2", SPOOFED)).toBe(expected);
  });

  it("takes the rightmost entry should the platform append to a client's value", () => {
    expect(decide("x-vercel-forwarded-for", null, { "x-vercel-forwarded-for": "6.6.6.6, 198.51.100.7" })).toBe("198.51.100.7");
  });

  it("normalises the value and falls back to the peer, or the unknown address, when it is absent or junk", () => {
    expect(decide("cf-connecting-ip", null, { "cf-connecting-ip": "2001:DB8::1" })).toBe("2001:db8::1");
    expect(decide("cf-connecting-ip", null, { "cf-connecting-ip": "::ffff:198.51.100.7" })).toBe("198.51.100.7");
    expect(decide("x-real-ip", "10.0.0.2", { "x-real-ip": "junk", "x-forwarded-for": "6.6.6.6" })).toBe("10.0.0.2");
    expect(decide("x-real-ip", null, { "x-forwarded-for": "6.6.6.6" })).toBe(UNKNOWN_IP);
  });
});

describe("clientIsAProxy (every client would share one budget)", () => {
  const policy = (source: ClientIpSource, trusted = "") => ({ source, trustedProxies: ranges(trusted) });

  it("x-forwarded-for: the answer is one of the trusted proxies (no entry left of them)", () => {
    expect(clientIsAProxy(policy("x-forwarded-for", "10.0.0.0/8"), "10.0.0.2")).toBe(true);
    expect(clientIsAProxy(policy("x-forwarded-for", "10.0.0.0/8"), "198.51.100.7")).toBe(false);
  });

  it("socket: a loopback or private peer, where clients were said to connect directly", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "::1", "fd12::1"])
      expect(clientIsAProxy(policy("socket"), ip)).toBe(true);
    for (const ip of ["198.51.100.7", "2001:db8::1", "172.32.0.1"]) expect(clientIsAProxy(policy("socket"), ip)).toBe(false);
  });

  it("a platform header names the client by definition", () => {
    expect(clientIsAProxy(policy("cf-connecting-ip"), "10.0.0.2")).toBe(false);
  });
});

it("knows every source it advertises", () => {
  expect(CLIENT_IP_SOURCES).toEqual([
    "socket",
    "x-forwarded-for",
    "x-real-ip",
    "cf-connecting-ip",
    "fly-client-ip",
    "x-vercel-forwarded-for",
    "true-client-ip",
  ]);
});

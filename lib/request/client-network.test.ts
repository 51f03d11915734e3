import { describe, expect, it } from "vitest";
import { limitNetwork } from "./client-network";

describe("limitNetwork", () => {
  it("keeps an IPv4 address whole", () => {
    expect(limitNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(limitNetwork("203.0.113.8")).not.toBe(limitNetwork("203.0.113.7"));
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(limitNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("folds every address of an IPv6 /64 into one network", () => {
    const a = limitNetwork("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(limitNetwork("2001:db8:1:2::1")).toBe(a);
    expect(limitNetwork("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(a);
    expect(limitNetwork("2001:db8:1:3::1")).not.toBe(a);
  });

  it("names garbage 'unknown' rather than trusting it as a key", () => {
    expect(limitNetwork("not an ip")).toBe("unknown");
    expect(limitNetwork("")).toBe("unknown");
  });
});

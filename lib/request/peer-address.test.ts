import { describe, expect, it } from "vitest";
import { verifiedPeerAddress } from "./peer-address";

const SECRET = "per-boot-secret-per-boot-secret-0123456789";

describe("verifiedPeerAddress", () => {
  it("believes the address that the request hook wrote with this process's secret", () => {
    expect(verifiedPeerAddress(`${SECRET} 203.0.113.9`, SECRET)).toBe("203.0.113.9");
    expect(verifiedPeerAddress(`${SECRET} ::ffff:127.0.0.1`, SECRET)).toBe("::ffff:127.0.0.1");
  });

  it("ignores the header where the request hook never ran (no secret in this process)", () => {
    expect(verifiedPeerAddress(`${SECRET} 203.0.113.9`, undefined)).toBeNull();
    expect(verifiedPeerAddress("203.0.113.9", undefined)).toBeNull();
  });

  it("ignores what a client sends: a bare address, a guessed or empty secret, an old boot's secret", () => {
    expect(verifiedPeerAddress("203.0.113.9", SECRET)).toBeNull();
    expect(verifiedPeerAddress("guess 203.0.113.9", SECRET)).toBeNull();
    expect(verifiedPeerAddress(" 203.0.113.9", SECRET)).toBeNull();
    expect(verifiedPeerAddress(`${SECRET}x 203.0.113.9`, SECRET)).toBeNull();
    expect(verifiedPeerAddress(`${SECRET.slice(0, -1)} 203.0.113.9`, SECRET)).toBeNull();
    expect(verifiedPeerAddress("previous-boot-secret-previous-boot-0000 203.0.113.9", SECRET)).toBeNull();
  });

  it("answers null for an absent header or a proof with no address", () => {
    expect(verifiedPeerAddress(null, SECRET)).toBeNull();
    expect(verifiedPeerAddress("", SECRET)).toBeNull();
    expect(verifiedPeerAddress(`${SECRET} `, SECRET)).toBeNull();
    expect(verifiedPeerAddress(SECRET, SECRET)).toBeNull();
  });
});

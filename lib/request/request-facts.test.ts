import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { UNKNOWN_IP } from "./client-ip";
import { PEER_ADDRESS_HEADER } from "./peer-address";
import { readClientIp } from "./request-facts";

const SECRET = "this-process-secret-this-process-secret-0123";
const saved = { ...process.env };

function clientIpWith(settings: Record<string, string | undefined>, headers: Record<string, string>): string {
  for (const key of ["CLIENT_IP_SOURCE", "TRUSTED_PROXIES", "PEER_ADDRESS_SECRET"]) delete process.env[key];
  Object.assign(process.env, Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)));
  resetEnvCache();
  const list = new Headers(headers);
  return readClientIp(list);
}

afterEach(() => {
  for (const key of ["CLIENT_IP_SOURCE", "TRUSTED_PROXIES", "PEER_ADDRESS_SECRET"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

describe("readClientIp with x-forwarded-for", () => {
  const behindProxy = { CLIENT_IP_SOURCE: "x-forwarded-for", TRUSTED_PROXIES: "10.0.0.0/8" };

  it("reads the proxy's entry when the request hook vouches for the proxy as the peer", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.7", [PEER_ADDRESS_HEADER]: `${SECRET} 10.0.0.2` };
    expect(clientIpWith({ ...behindProxy, PEER_ADDRESS_SECRET: SECRET }, headers)).toBe("203.0.113.7");
  });

  it("takes a peer that is no proxy as the client, whatever it forwards", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 10.0.0.2", [PEER_ADDRESS_HEADER]: `${SECRET} 198.51.100.4` };
    expect(clientIpWith({ ...behindProxy, PEER_ADDRESS_SECRET: SECRET }, headers)).toBe("198.51.100.4");
  });

  it("believes no forwarding header for a request taken in before the hook was installed (no stamp, or a forged one)", () => {
    expect(clientIpWith({ ...behindProxy, PEER_ADDRESS_SECRET: SECRET }, { "x-forwarded-for": "6.6.6.6" })).toBe(UNKNOWN_IP);
    const forged = { "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "guessed 10.0.0.2" };
    expect(clientIpWith({ ...behindProxy, PEER_ADDRESS_SECRET: SECRET }, forged)).toBe(UNKNOWN_IP);
  });

  it("where no hook ever ran (no secret), reads the rightmost untrusted entry as before", () => {
    expect(clientIpWith(behindProxy, { "x-forwarded-for": "6.6.6.6, 203.0.113.7" })).toBe("203.0.113.7");
  });
});

describe("readClientIp with socket", () => {
  it("is the stamped peer, or the unknown address without a stamp", () => {
    const socket = { CLIENT_IP_SOURCE: "socket", PEER_ADDRESS_SECRET: SECRET };
    expect(clientIpWith(socket, { [PEER_ADDRESS_HEADER]: `${SECRET} 198.51.100.4`, "x-forwarded-for": "6.6.6.6" })).toBe("198.51.100.4");
    expect(clientIpWith(socket, { "x-forwarded-for": "6.6.6.6" })).toBe(UNKNOWN_IP);
  });
});

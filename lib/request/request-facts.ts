import { cookies, headers } from "next/headers";
import { readEnv } from "../env";
import { cookieNames } from "../auth/cookie-names";
import { keyedHash } from "../security/secrets";
import { UNKNOWN_IP } from "./client-ip";
import { isDeviceSecret, newDeviceCookie } from "./device-secret";
import { clientIsAProxy, decideClientIp, type ClientIpPolicy } from "./decide-client-ip";
import { PEER_ADDRESS_HEADER, verifiedPeerAddress } from "./peer-address";

export interface RequestFacts {
  ip: string;
  userAgent: string | null;
  /** HMAC of the browser's binding secret, or null when the browser has none. */
  deviceHash: string | null;
  method: string;
}

export async function readRequestFacts(method = "GET"): Promise<RequestFacts> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const deviceSecret = cookieStore.get(cookieNames.device())?.value ?? null;
  return {
    ip: readClientIp(headerList),
    userAgent: headerList.get("user-agent")?.slice(0, 512) ?? null,
    deviceHash: deviceSecret ? keyedHash("binding", deviceSecret) : null,
    method,
  };
}

/** The client address from the one source the settings declare (README, "Client IP"). */
export function readClientIp(headerList: Pick<Headers, "get">): string {
  const env = readEnv();
  const policy: ClientIpPolicy = { source: env.CLIENT_IP_SOURCE, trustedProxies: env.TRUSTED_PROXIES };
  const peer = verifiedPeerAddress(headerList.get(PEER_ADDRESS_HEADER), env.PEER_ADDRESS_SECRET);
  // With the request hook installed (its secret exists) every request carries its stamp, except
  // one the server took in before the hook was (the first moments after start): its peer is
  // unknown, and no X-Forwarded-For may stand in for it.
  const unstamped = env.PEER_ADDRESS_SECRET !== undefined && peer === null;
  const ip =
    unstamped && policy.source === "x-forwarded-for"
      ? UNKNOWN_IP
      : decideClientIp(policy, { peer, header: (name) => headerList.get(name) });
  if (env.NODE_ENV === "production" && !warnedOfSharedBudget && clientIsAProxy(policy, ip)) {
    warnedOfSharedBudget = true;
    console.warn(
      `Warning: a request's client IP is ${ip}, a proxy's address (CLIENT_IP_SOURCE=${env.CLIENT_IP_SOURCE}): if every request looks like this, all clients share one rate-limit budget. Check CLIENT_IP_SOURCE and TRUSTED_PROXIES (README, "Client IP").`,
    );
  }
  return ip;
}

let warnedOfSharedBudget = false;

/**
 * Gives this browser a binding secret if it has none (only where cookies may be set:
 * server actions and route handlers) and returns its hash. A browser that loaded any page has
 * one already (proxy.ts); this covers clients that post without one.
 */
export async function ensureDeviceBinding(): Promise<string> {
  const cookieStore = await cookies();
  const existing = cookieStore.get(cookieNames.device())?.value;
  if (isDeviceSecret(existing)) return keyedHash("binding", existing);
  const cookie = newDeviceCookie();
  cookieStore.set(cookie.name, cookie.value, cookie.options);
  return keyedHash("binding", cookie.value);
}

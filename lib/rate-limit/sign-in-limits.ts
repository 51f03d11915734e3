import { readEnv } from "../env";
import { mailboxOf } from "../magic-link/request/mailbox";
import { limitNetwork } from "../request/client-network";
import { keyedHash } from "../security/secrets";
import { CounterStoreUnavailable, hitCounters, type CounterSpec } from "./counters";
import { countersToRefund, decideSendLimits, type SendLimit } from "./decide-send-limits";
import { consume, limiterFor } from "./limiters";

export type SignInLimitResult = { limited: false } | { limited: true; by: SendLimit; storeFailed: boolean };

export interface Requester {
  email: string;
  ip: string;
  /** The browser's binding hash. */
  deviceHash: string;
  /** This browser has signed in to the account of this address before. */
  recognised: boolean;
}

const GLOBAL_SHARDS = 8;

/**
 * The send budgets of one sign-in request (decide-send-limits.ts says which refuses), counted
 * in one round trip. Addresses and mailboxes are keyed by their HMAC so the counter table holds
 * no emails; networks are IPv4 addresses and IPv6 /64s.
 */
export async function checkSignInLimits(requester: Requester, now: Date = new Date()): Promise<SignInLimitResult> {
  const env = readEnv();
  if (env.BENCH_DISABLE_RATE_LIMITS) return { limited: false };
  const specs = counterSpecs(requester);
  let hit;
  try {
    hit = await hitCounters(specs, now);
  } catch (error) {
    if (error instanceof CounterStoreUnavailable) return { limited: true, by: "global", storeFailed: true };
    throw error;
  }
  const { counts } = hit;
  const decision = decideSendLimits(
    {
      network: counts.network,
      device: counts.device,
      share: counts.share,
      mailbox: counts.mailbox,
      networkInGlobalWindow: counts.networkInGlobalWindow,
      global: counts.global,
    },
    {
      network: env.RATE_LIMIT_PER_IP.points,
      device: env.RATE_LIMIT_PER_DEVICE.points,
      share: env.RATE_LIMIT_PER_EMAIL.points,
      mailbox: env.RATE_LIMIT_PER_MAILBOX.points,
      global: env.RATE_LIMIT_GLOBAL.points,
    },
    { recognised: requester.recognised },
  );
  if (!decision.limited) return decision;
  await hit.refund(countersToRefund(decision));
  return { ...decision, storeFailed: false };
}

function counterSpecs(requester: Requester): CounterSpec[] {
  const env = readEnv();
  const network = limitNetwork(requester.ip);
  const mailbox = keyedHash("email", mailboxOf(requester.email));
  const who = requester.recognised ? `d:${requester.deviceHash}` : `n:${network}`;
  return [
    { name: "network", key: `signin-ip:${network}`, windowSeconds: env.RATE_LIMIT_PER_IP.durationSeconds },
    { name: "device", key: `signin-device:${requester.deviceHash}`, windowSeconds: env.RATE_LIMIT_PER_DEVICE.durationSeconds },
    { name: "share", key: `signin-share:${mailbox}:${who}`, windowSeconds: env.RATE_LIMIT_PER_EMAIL.durationSeconds },
    { name: "mailbox", key: `signin-mailbox:${mailbox}`, windowSeconds: env.RATE_LIMIT_PER_MAILBOX.durationSeconds },
    { name: "networkInGlobalWindow", key: `signin-global-network:${network}`, windowSeconds: env.RATE_LIMIT_GLOBAL.durationSeconds },
    { name: "global", key: "signin-global", windowSeconds: env.RATE_LIMIT_GLOBAL.durationSeconds, shards: GLOBAL_SHARDS },
  ];
}

/** True at most once per REPEATED_REQUEST_NOTICE_HOURS for a mailbox: the owner gets one notice, not a flood. */
export async function claimRepeatedRequestNotice(email: string): Promise<boolean> {
  const hours = readEnv().REPEATED_REQUEST_NOTICE_HOURS;
  const result = await consume(
    limiterFor("notice-repeated-requests", { points: 1, durationSeconds: hours * 3600 }),
    keyedHash("email", mailboxOf(email)),
  );
  return result.allowed;
}

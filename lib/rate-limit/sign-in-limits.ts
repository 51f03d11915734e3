import { readEnv } from "../env";
import { keyedHash } from "../security/secrets";
import { consume, limiterFor } from "./limiters";

export type LimitName = "email" | "ip" | "device" | "global";

export type SignInLimitResult = { limited: false } | { limited: true; by: LimitName; storeFailed: boolean };

/**
 * The send budget for one sign-in request: per address, per IP, per device and for the
 * whole service. Addresses are keyed by their HMAC so the counter table holds no emails.
 * Checked narrowest first and stopping at the first refusal, so one noisy IP or device
 * is refused before it can drain the global budget that everyone else shares.
 */
export async function checkSignInLimits(facts: { email: string; ip: string; deviceHash: string | null }): Promise<SignInLimitResult> {
  const env = readEnv();
  if (env.BENCH_DISABLE_RATE_LIMITS) return { limited: false };
  const checks: Array<[LimitName, string | null]> = [
    ["ip", facts.ip],
    ["device", facts.deviceHash],
    ["email", keyedHash("email", facts.email)],
    ["global", "all"],
  ];
  const rules = {
    email: env.RATE_LIMIT_PER_EMAIL,
    ip: env.RATE_LIMIT_PER_IP,
    device: env.RATE_LIMIT_PER_DEVICE,
    global: env.RATE_LIMIT_GLOBAL,
  };
  for (const [name, key] of checks) {
    if (key === null) continue;
    const result = await consume(limiterFor(`signin-${name}`, rules[name]), key);
    if (!result.allowed) return { limited: true, by: name, storeFailed: result.storeFailed };
  }
  return { limited: false };
}

/** True at most once per REPEATED_REQUEST_NOTICE_HOURS for an address: the owner gets one notice, not a flood. */
export async function claimRepeatedRequestNotice(email: string): Promise<boolean> {
  const hours = readEnv().REPEATED_REQUEST_NOTICE_HOURS;
  const result = await consume(
    limiterFor("notice-repeated-requests", { points: 1, durationSeconds: hours * 3600 }),
    keyedHash("email", email),
  );
  return result.allowed;
}

/** Wrong codes per account per hour, across re-issued codes; exhausting it locks code entry for the lockout window. */
export function codeFailureLimiter() {
  const env = readEnv();
  return limiterFor("code-failures", {
    points: env.CODE_FAILURES_PER_ACCOUNT_PER_HOUR,
    durationSeconds: 3600,
    blockSeconds: env.CODE_LOCKOUT_MINUTES * 60,
  });
}

export function codeFailureKey(email: string): string {
  return keyedHash("email", email);
}

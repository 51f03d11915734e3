import { readEnv } from "../env";
import { limitNetwork } from "../request/client-network";
import { consume, limiterFor, refund } from "./limiters";

export type PasskeySignInBudget = { ok: true; refund(): Promise<void> } | { ok: false; retryAfterSeconds: number };

/**
 * Passkey sign-in answers per network and per browser, on the same budgets as asking for a
 * link (RATE_LIMIT_PER_IP, RATE_LIMIT_PER_DEVICE) but counted apart. An answer spends a point
 * from each BEFORE it is checked, so a parallel burst is judged against what is left; one that
 * signs in gives its points back. They fail closed: an attacker who knocks the store over gets
 * no fresh budget.
 */
export async function reservePasskeySignIn(ip: string, deviceHash: string): Promise<PasskeySignInBudget> {
  const env = readEnv();
  if (env.BENCH_DISABLE_RATE_LIMITS) return { ok: true, refund: async () => undefined };
  const budgets = [
    { limiter: limiterFor("passkey-signin-network", env.RATE_LIMIT_PER_IP, { failClosed: true }), key: limitNetwork(ip) },
    { limiter: limiterFor("passkey-signin-device", env.RATE_LIMIT_PER_DEVICE, { failClosed: true }), key: deviceHash },
  ];
  const results = await Promise.all(budgets.map((budget) => consume(budget.limiter, budget.key)));
  const spent = budgets.filter((_, index) => results[index].allowed);
  const giveBack = () => Promise.all(spent.map((budget) => refund(budget.limiter, budget.key))).then(() => undefined);
  const refused = results.find((result) => !result.allowed);
  if (refused && !refused.allowed) {
    await giveBack();
    return { ok: false, retryAfterSeconds: refused.retryAfterSeconds };
  }
  return { ok: true, refund: giveBack };
}

import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { readEnv } from "../env";
import { limitNetwork } from "../request/client-network";
import { keyedHash } from "../security/secrets";
import { consume, limiterFor, refund } from "./limiters";

/**
 * Budgets for guessing a secret someone typed (a sign-in code, an authenticator, recovery or
 * emailed step-up code). A guess spends a point from each budget BEFORE it is compared, so a
 * burst of parallel guesses is judged against what is left, not against what was left before
 * the burst; a right guess gives its points back. Every budget fails closed.
 */
export type GuessKind = "sign-in-code" | "step-up-code";

export type GuessBudgetRefusal = { ok: false; by: "account" | "network" | "global"; storeFailed: boolean };

export type GuessReservation =
  | {
      ok: true;
      /** Points the account has left after this guess: 0 means this guess spent the last one. */
      accountRemaining: number;
      /** Gives the points back: the guess was right, or was never judged. */
      refund(): Promise<void>;
    }
  | GuessBudgetRefusal;

interface Budget {
  by: GuessBudgetRefusal["by"];
  limiter: RateLimiterAbstract;
  key: string;
}

function budgets(kind: GuessKind, subject: { email: string; userId: string | null }, ip: string): Budget[] {
  const env = readEnv();
  const account: Budget =
    kind === "sign-in-code"
      ? {
          by: "account",
          // Per address (known or not, so the answer never tells them apart), across re-issued codes.
          limiter: limiterFor(
            "code-failures",
            { points: env.CODE_FAILURES_PER_ACCOUNT_PER_HOUR, durationSeconds: 3600, blockSeconds: env.CODE_LOCKOUT_MINUTES * 60 },
            { failClosed: true },
          ),
          key: keyedHash("email", subject.email),
        }
      : {
          by: "account",
          limiter: limiterFor(
            "stepup-wrong-codes",
            { ...env.STEP_UP_CODE_FAILURES, blockSeconds: env.STEP_UP_CODE_FAILURES.durationSeconds },
            { failClosed: true },
          ),
          key: subject.userId ?? keyedHash("email", subject.email),
        };
  return [
    account,
    {
      by: "network",
      limiter: limiterFor("code-guesses-network", env.CODE_FAILURES_PER_NETWORK, { failClosed: true }),
      key: limitNetwork(ip),
    },
    { by: "global", limiter: limiterFor("code-guesses-global", env.CODE_FAILURES_GLOBAL, { failClosed: true }), key: "all" },
  ];
}

export async function reserveGuess(
  kind: GuessKind,
  subject: { email: string; userId: string | null },
  ip: string,
): Promise<GuessReservation> {
  if (readEnv().BENCH_DISABLE_RATE_LIMITS) return { ok: true, accountRemaining: Number.POSITIVE_INFINITY, refund: async () => undefined };
  const all = budgets(kind, subject, ip);
  const results = await Promise.all(all.map((budget) => consume(budget.limiter, budget.key)));
  const spent = all.filter((_, index) => results[index].allowed);
  const giveBack = () => Promise.all(spent.map((budget) => refund(budget.limiter, budget.key))).then(() => undefined);

  const refusedAt = results.findIndex((result) => !result.allowed);
  if (refusedAt >= 0) {
    await giveBack();
    const storeFailed = results.some((result) => !result.allowed && result.storeFailed);
    return { ok: false, by: all[refusedAt].by, storeFailed };
  }
  const accountResult = results[0];
  return { ok: true, accountRemaining: accountResult.allowed ? accountResult.remaining : 0, refund: giveBack };
}

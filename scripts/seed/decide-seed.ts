/**
 * Whether `npm run db:seed` may write its demo history into a database, from what the database
 * already holds. A developer who tried the app first (a few sign-ins of their own, perhaps as
 * admin@example.com) gets the seed beside them; a database that already holds the demo history,
 * or more than a trial's worth of sign-ins, is refused unless --force says otherwise.
 */
export const TRIAL_ATTEMPTS_LIMIT = 50;

export interface SeedFacts {
  /** Sign-in attempts already in the database. */
  attempts: number;
  /** Accounts of the demo history's people (other than the admin) that already exist. */
  demoAccounts: number;
  force: boolean;
}

export type SeedDecision = { seed: true } | { seed: false; reason: string };

export function decideSeed({ attempts, demoAccounts, force }: SeedFacts): SeedDecision {
  if (force) return { seed: true };
  if (demoAccounts > 0) {
    return {
      seed: false,
      reason:
        "This database already holds the demo history. To start again, stop `npm run dev` and delete the data folder (`rm -rf .data`), " +
        "or pass --force (`npm run db:seed -- --force`) to add another four weeks beside it.",
    };
  }
  if (attempts > TRIAL_ATTEMPTS_LIMIT) {
    return {
      seed: false,
      reason:
        `This database already holds ${attempts} sign-in attempts, more than a trial's ${TRIAL_ATTEMPTS_LIMIT}: the seed only adds its demo history ` +
        "to a new or barely used database. Pass --force (`npm run db:seed -- --force`) if you mean it.",
    };
  }
  return { seed: true };
}

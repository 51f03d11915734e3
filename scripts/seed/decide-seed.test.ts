import { describe, expect, it } from "vitest";
import { decideSeed, TRIAL_ATTEMPTS_LIMIT } from "./decide-seed";

describe("decideSeed", () => {
  it("seeds an empty database", () => {
    expect(decideSeed({ attempts: 0, demoAccounts: 0, force: false })).toEqual({ seed: true });
  });

  it("seeds beside a developer's own few sign-ins (the README's order: try the app, then seed)", () => {
    expect(decideSeed({ attempts: 3, demoAccounts: 0, force: false })).toEqual({ seed: true });
    expect(decideSeed({ attempts: TRIAL_ATTEMPTS_LIMIT, demoAccounts: 0, force: false })).toEqual({ seed: true });
  });

  it("refuses a database that already holds the demo history, and says how to start again", () => {
    const decision = decideSeed({ attempts: 2051, demoAccounts: 120, force: false });
    expect(decision.seed).toBe(false);
    expect(!decision.seed && decision.reason).toMatch(/already holds the demo history.*rm -rf \.data.*--force/);
  });

  it("refuses a database with more than a trial's sign-ins, naming the count", () => {
    const decision = decideSeed({ attempts: TRIAL_ATTEMPTS_LIMIT + 1, demoAccounts: 0, force: false });
    expect(decision).toEqual({ seed: false, reason: expect.stringContaining(`${TRIAL_ATTEMPTS_LIMIT + 1} sign-in attempts`) });
  });

  it("seeds anything when forced", () => {
    expect(decideSeed({ attempts: 100_000, demoAccounts: 120, force: true })).toEqual({ seed: true });
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { reserveGuess } from "./guess-budget";

const hex = () => randomBytes(2).toString("hex");
const email = () => `net-${randomBytes(4).toString("hex")}@example.com`;

describe("guess budgets per network", () => {
  it("counts every address of one IPv6 /64 as one network (CODE_FAILURES_PER_NETWORK, 30 by default)", async () => {
    const prefix = `2001:db8:${hex()}:${hex()}`;
    const results = [];
    for (let n = 0; n < 31; n++)
      results.push(await reserveGuess("sign-in-code", { email: email(), userId: null }, `${prefix}:${hex()}:${hex()}:${hex()}:${n + 1}`));
    expect(results.slice(0, 30).every((result) => result.ok)).toBe(true);
    expect(results[30]).toEqual({ ok: false, by: "network", storeFailed: false });
    // Another network is not affected.
    expect((await reserveGuess("sign-in-code", { email: email(), userId: null }, `2001:db8:${hex()}:${hex()}::1`)).ok).toBe(true);
  });

  it("a right guess gives its points back, so a person's typo-then-right code costs one point", async () => {
    const ip = `198.18.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
    for (let n = 0; n < 40; n++) {
      const reservation = await reserveGuess("step-up-code", { email: email(), userId: `user-${n}-${hex()}` }, ip);
      expect(reservation.ok).toBe(true);
      if (reservation.ok) await reservation.refund();
    }
  });

  it("the account's budget is shared by every network the guesses come from", async () => {
    const subject = { email: email(), userId: null };
    const results = [];
    for (let n = 0; n < 11; n++) results.push(await reserveGuess("sign-in-code", subject, `203.0.113.${n + 1}`));
    expect(results.slice(0, 10).every((result) => result.ok)).toBe(true);
    expect(results[9]).toMatchObject({ ok: true, accountRemaining: 0 });
    expect(results[10]).toEqual({ ok: false, by: "account", storeFailed: false });
  });
});

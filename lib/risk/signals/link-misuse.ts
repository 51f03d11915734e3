import { knownNetwork } from "./device-change";
import { eventsOfType, plural, type RiskSignal, type SignalFunction } from "./types";

/**
 * Someone came back with a link that had already done its job. The owner sometimes clicks
 * twice; a forwarded or stolen link, or a replaying proxy, does too, and more likely from
 * another network than the request's, or again and again.
 */
export const linkReuseSignal: SignalFunction = (input): RiskSignal | null => {
  const reuses = eventsOfType(input, "attempt.reuse");
  if (reuses.length === 0) return null;
  const requestNetwork = knownNetwork(input.attempt.request.ip);
  const elsewhere = reuses.some((reuse) => {
    const network = knownNetwork(reuse.ip);
    return Boolean(network && requestNetwork && network !== requestNetwork);
  });
  const from = reuses[reuses.length - 1].ip;
  return {
    signal: "link-reuse",
    weight: elsewhere || reuses.length >= 3 ? 40 : 30,
    reason: `The link was used again after it had been used (${plural(reuses.length, "time")}${from ? `, last from ${from}` : ""}${elsewhere ? ", another network than the request's" : ""}).`,
  };
};

/** A use after expiry: mostly a late click, sometimes a link found in a mailbox much later. */
export const expiredUseSignal: SignalFunction = (input): RiskSignal | null => {
  const uses = eventsOfType(input, "attempt.expired_use");
  if (uses.length === 0) return null;
  return {
    signal: "expired-use",
    weight: 10,
    reason: `The link was used after it expired (${plural(uses.length, "time")}).`,
  };
};

/**
 * Wrong codes. One or two are typos; more look like guessing, and an exhausted account
 * budget (code entry locked for the account) is guessing beyond doubt.
 */
export const codeGuessingSignal: SignalFunction = (input): RiskSignal | null => {
  const failures = Math.max(input.attempt.codeFailures, eventsOfType(input, "code.failed").length);
  const lockedOut = eventsOfType(input, "account.code_lockout").length > 0;
  if (lockedOut) {
    return {
      signal: "code-guessing",
      weight: 60,
      reason: `${plural(failures, "wrong code")} entered; code entry was locked for the whole account.`,
    };
  }
  if (failures < 3) return null;
  return {
    signal: "code-guessing",
    weight: failures >= 5 ? 40 : 30,
    reason: `${plural(failures, "wrong code")} entered for this sign-in.`,
  };
};

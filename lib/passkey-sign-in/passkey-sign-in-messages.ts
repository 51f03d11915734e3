import type { PasskeySignInAnswer } from "./decide-passkey-sign-in";

/** What /signin and the recovery page say to a refused passkey: one sentence per answer, never which check failed. */
export const PASSKEY_SIGN_IN_MESSAGES: Record<PasskeySignInAnswer, string> = {
  expired: "That took too long, or the page was open in another window. Try your passkey again.",
  refused: "That passkey can't sign you in. Try another passkey, or get an email link instead.",
};

import type { OwnerUnlockAnswer } from "./decide-owner-unlock";

/** What the recovery page says; "checked" is the one sentence for every typed code, right or wrong. */
export const OWNER_UNLOCK_MESSAGES: Record<Exclude<OwnerUnlockAnswer, "refused">, string> = {
  checked:
    "If that account was locked from a \u201cthis wasn\u2019t me\u201d link and the code is right, it is unlocked now and we have emailed its owner. Check your inbox, then sign in as usual.",
  paused: "Too many codes were tried. Code entry is paused for a while; try again later, or use your passkey.",
  unavailable: "Codes can't be checked right now. Try again in a minute, or use your passkey.",
};

import type { ChainProblem, ChainWarning } from "../audit/verify-chain";

/** What each verification finding means, in words an administrator can act on. */
export const CHAIN_PROBLEM_TEXT: Record<ChainProblem, string> = {
  "link-broken": "it does not link to the event before it: an event was removed, inserted or reordered",
  "hash-mismatch": "its stored hash was edited",
  "not-authentic": "its MAC does not verify: it was edited, or written by someone who does not hold the audit key",
  "unknown-key":
    "its MAC names a key this app does not have (was AUDIT_CHAIN_KEY changed without listing the old one in AUDIT_CHAIN_PREVIOUS_KEYS?)",
  "personal-data-altered": "its IP address or user agent was changed",
  "content-altered": "its content no longer matches its hash (edited)",
  "unkeyed-after-keyed": "it carries no MAC although the events before it do: it was not written by the app",
  "checkpoint-mismatch": "it differs from what a signed checkpoint recorded: history was rewritten",
  "tail-missing": "a signed checkpoint recorded it, and it is gone: the newest events were deleted or the table emptied",
  "checkpoint-invalid": "the checkpoint naming it is not validly signed or does not link to the one before",
  "checkpoint-missing": "a checkpoint kept outside the database is missing from it: the newest checkpoints were deleted",
  "duplicate-event": "it is a second copy of an earlier event: a replay",
};

export function chainWarningText(warning: ChainWarning, checkpointMinutes: number, formatTime: (date: Date) => string): string {
  switch (warning.kind) {
    case "no-checkpoint":
      return "No signed checkpoint yet, so deleting the newest events would go unnoticed. The app signs one within a minute of starting; if none appears, check the server log for audit.checkpoint_failed.";
    case "checkpoint-stale":
      return `The newest checkpoint was signed at ${formatTime(warning.newestAt)}; one is expected every ${checkpointMinutes} min. Is the app running (it signs one every interval), and does its log show audit.checkpoint_failed? Deleted checkpoints look like this too: compare with the copies in your logs.`;
    case "unkeyed-events":
      return `${warning.count} events predate the keyed chain: only their hashes protect them, and their personal data cannot be erased.`;
  }
}

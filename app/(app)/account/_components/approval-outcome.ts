import { USER_MESSAGES, userMessage, type MessageCode } from "@/lib/errors/user-messages";

type Outcome = MessageCode<"heldSignIn">;

const SUCCESSES: ReadonlySet<string> = new Set<Outcome>(["approved", "denied"]);

/**
 * The notice for the ?approval= outcome in the address (set by app/(app)/account/approval-actions.ts),
 * or none when it is not one this page reports: the address is typed by anyone.
 */
export function approvalOutcomeNotice(outcome: string | null): { tone: "success" | "error"; text: string } | undefined {
  if (outcome === null || !Object.hasOwn(USER_MESSAGES.heldSignIn, outcome)) return undefined;
  return { tone: SUCCESSES.has(outcome) ? "success" : "error", text: userMessage("heldSignIn", outcome as Outcome) };
}

import type { LinkView } from "@/lib/magic-link/link/open-link";

/** What the landing page knows so far: its script has not answered yet, there was no secret in the fragment, or the server's view. */
export type LinkPhase = { state: "loading" } | { state: "no-token" } | { state: "error" } | LinkView;

/** The page's heading says what is happening; "Signing you in" only while that is still true. */
export function linkHeading(phase: LinkPhase): string {
  switch (phase.state) {
    case "loading":
    case "redeem-here":
      return "Signing you in";
    case "confirm-other-device":
      return "Sign in on this device?";
    case "approve-for-original":
      return "Approve a sign-in";
    case "refuse-other-device":
    case "failed":
    case "no-token":
      return "This link didn't sign you in";
    case "error":
      return "We couldn't check this link";
  }
}

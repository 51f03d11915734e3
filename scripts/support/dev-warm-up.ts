import { DEV_WARM_UP_MARKER } from "../../lib/dev-request-log";

/**
 * The development server compiles each page and route the first time it is asked for, which
 * made a newcomer's first sign-in take over half a minute. Once it listens, `npm run dev` asks
 * for every page and route on the sign-in path (harmless requests: no address, no token), so
 * they are compiled before the first person arrives, then prints where to go.
 */
export const SIGN_IN_PATH = [
  "/signin",
  "/signin/check-email",
  "/signin/failed",
  "/verify/warm-up",
  "/account",
  "/step-up",
  "/api/auth/providers",
  "/api/sign-in/request",
  "/api/sign-in/status",
  "/api/sign-in/open",
  "/api/sign-in/redeem",
  "/api/sign-in/code",
  "/api/sign-in/finish",
  "/api/sign-in/resend",
  "/dev/mailbox",
];

/** Where the warm-up can reach the server this process started. */
export function warmUpBaseUrl(port: number | string, host: string | undefined): string {
  const reachable = !host || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

export function readyBanner(options: { appUrl: string; mailboxUrl?: string; seconds: number }): string {
  const rule = "─".repeat(72);
  return [
    rule,
    `  Sign-in pages compiled in ${options.seconds} s: the first sign-in is quick now.`,
    options.mailboxUrl ? `  Mailbox   ${options.mailboxUrl}   (every email the app sends lands here)` : null,
    `  App       ${options.appUrl}`,
    rule,
  ]
    .filter((line) => line !== null)
    .join("\n");
}

/** Waits until the server answers, then compiles the sign-in path one page at a time. */
export async function warmUpSignInPath(baseUrl: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (const path of SIGN_IN_PATH) {
    for (;;) {
      try {
        // GET only, no body and no cookies: pages render their signed-out state, POST routes answer 405.
        // The marker keeps these requests out of the development server's log (lib/dev-request-log.ts).
        await fetch(`${baseUrl}${path}?${DEV_WARM_UP_MARKER}`, { redirect: "manual" });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}

/**
 * What Next.js's development server may print about incoming requests. It logs each request's
 * URL; some of ours carry secrets or addresses in the query (the Auth.js callback carries the
 * one-time grant and the email), and the check-email page polls its status every two seconds.
 * Those lines are left out. Server-function arguments (typed codes, addresses) are never
 * logged: next.config.ts switches that log off. Production builds log no requests at all.
 */
/** Query marker of `npm run dev`'s own warm-up requests (scripts/support/dev-warm-up.ts). */
export const DEV_WARM_UP_MARKER = "dev-warm-up";

export const UNLOGGED_DEV_REQUESTS: RegExp[] = [
  // A query parameter that can carry a secret or an address, wherever it appears.
  /[?&](token|email|code|callbackUrl|secret|key|change)=/i,
  // The waiting tab's status poll: one line every two seconds per open tab.
  /^\/api\/sign-in\/status(\?|$)/,
  // The warm-up that compiles the sign-in path when `npm run dev` starts.
  new RegExp(`\\?${DEV_WARM_UP_MARKER}$`),
];

export function isUnloggedDevRequest(url: string): boolean {
  return UNLOGGED_DEV_REQUESTS.some((pattern) => pattern.test(url));
}

import { readEnv } from "../env";

/**
 * The "this wasn't me" link of a new-device notice. Its secret is in the fragment, which no GET
 * carries: a mail scanner that fetches the link learns and changes nothing; the landing page
 * posts the secret only when the person clicks. Long enough to cover a week away from the inbox.
 */
export const SIGN_IN_NOTICE_LINK_DAYS = 7;

export function secureAccountUrl(noticeId: string, secret: string): string {
  return `${readEnv().AUTH_URL}/secure-account?notice=${encodeURIComponent(noticeId)}#${secret}`;
}

import NextAuth, { type NextAuthConfig } from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { readEnv, usesSecureCookies } from "../env";
import { randomToken } from "../security/secrets";
import { EMAIL_PROVIDER_ID } from "../magic-link/redeem/sign-in-grant";
import { cookieNames } from "./cookie-names";
import { guardedAdapter } from "./guarded-adapter";
import { authLogger } from "./auth-logger";

const cookie = (name: string) => ({ name, options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure: usesSecureCookies() } });

/**
 * Auth.js stays the core: it creates users and database sessions and sets the session
 * cookie. Links are issued and judged by lib/magic-link; the guarded adapter makes sure
 * Auth.js only ever honours a redemption our policies approved.
 */
export const { handlers, auth, signOut } = NextAuth(() => authConfig());

// Built on first request rather than at import, so building the app needs no configuration.
function authConfig(): NextAuthConfig {
  const env = readEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    logger: authLogger,
    adapter: guardedAdapter(),
    session: {
      strategy: "database",
      maxAge: env.SESSION_ABSOLUTE_HOURS * 3600,
      updateAge: 0,
      generateSessionToken: randomToken,
    },
    providers: [
      Nodemailer({
        id: EMAIL_PROVIDER_ID,
        server: env.EMAIL_SERVER ?? "smtp://127.0.0.1:25",
        from: env.EMAIL_FROM,
        maxAge: 60,
        async sendVerificationRequest() {
          throw new Error("Sign-in links are sent by lib/magic-link, never by Auth.js directly.");
        },
      }),
    ],
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin/failed" },
    cookies: {
      sessionToken: cookie(cookieNames.session()),
      csrfToken: cookie(cookieNames.csrf()),
      callbackUrl: cookie(cookieNames.callbackUrl()),
    },
    callbacks: {
      async signIn({ user }) {
        // A locked account never gets a session, whatever path led here.
        const locked = (user as { lockedAt?: Date | null }).lockedAt;
        return !locked;
      },
      async redirect({ url, baseUrl }) {
        // Grants carry an already allow-listed relative path; anything else lands on /account.
        if (url.startsWith("/") && !url.startsWith("//")) return `${baseUrl}${url}`;
        if (url.startsWith(`${baseUrl}/`)) return url;
        return `${baseUrl}/account`;
      },
    },
  };
}

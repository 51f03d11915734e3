import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { readEnv } from "@/lib/env";
import { safeCallbackPath } from "@/lib/magic-link/request/callback-path";
import { PasskeySignIn } from "./passkey-sign-in";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, readEnv().CALLBACK_PATHS);
  return (
    <AuthCard
      title="Sign in"
      subtitle={`No password needed. Enter your email and we'll send you a secure link to sign in to ${readEnv().APP_NAME}.`}
    >
      {params.signedOut === "1" ? (
        <div className="mb-6">
          <Notice tone="success" title="You're signed out">
            Sign in again below whenever you like.
          </Notice>
        </div>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
      <PasskeySignIn callbackUrl={callbackUrl} />
      <p className="mt-6 border-t border-slate-100 pt-4 text-xs leading-5 text-slate-500">
        The link works once, for {readEnv().LINK_TTL_MINUTES} minutes, and only signs you in on this browser. New here? The same link
        creates your account.
      </p>
    </AuthCard>
  );
}

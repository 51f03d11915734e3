import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { readEnv } from "@/lib/env";
import { failureMessage, isFailureReason } from "@/lib/magic-link/failure-reasons";

export const metadata: Metadata = { title: "Sign-in link not accepted" };

/** Where refused redemptions land, ours (?reason=) and Auth.js's own (?error=). */
export default async function SignInFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = isFailureReason(params.reason) ? params.reason : params.error === "AccessDenied" ? "locked" : "already-used";
  const message = failureMessage(reason, readEnv().LINK_TTL_MINUTES);
  return (
    <AuthCard title="We couldn't sign you in">
      <div className="space-y-5">
        <Notice tone="error" title={message.title}>
          {message.body}
          {reason === "locked" ? (
            <p className="mt-2">
              Locked your account from a “this wasn&apos;t me” link?{" "}
              <a className="font-semibold underline" href="/secure-account/recover">
                Unlock it with your passkey or a code
              </a>
              .
            </p>
          ) : null}
        </Notice>
        <a
          href="/signin"
          className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
        >
          Send me a new link
        </a>
      </div>
    </AuthCard>
  );
}

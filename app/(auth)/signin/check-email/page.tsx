import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { Notice } from "@/components/ui/notice";
import { readEnv } from "@/lib/env";
import { failureMessage, isFailureReason } from "@/lib/magic-link/failure-reasons";
import { originalTabStatus } from "@/lib/magic-link/request/original-tab-status";
import { readPendingAttempt } from "@/lib/magic-link/request/pending-attempt";
import { readRequestFacts } from "@/lib/request/request-facts";
import { CodeForm } from "./code-form";
import { WaitingPanel } from "./waiting-panel";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const facts = await readRequestFacts();
  const status = await originalTabStatus(await readPendingAttempt(), facts.deviceHash);
  const errorReason = isFailureReason(params.error) ? params.error : undefined;
  const linkTtlMinutes = readEnv().LINK_TTL_MINUTES;
  const triesLeft = typeof params.left === "string" && /^\d$/.test(params.left) ? Number(params.left) : null;

  return (
    <AuthCard
      title="Check your email"
      subtitle="If that address can sign in, a link and a 6‑digit code are on their way. Open the link on this device, or type the code below."
    >
      <div className="space-y-6">
        <WaitingPanel
          initial={status}
          linkTtlMinutes={linkTtlMinutes}
          codeForm={
            <div className="space-y-4">
              {errorReason ? (
                <Notice tone="error" title={failureMessage(errorReason, linkTtlMinutes).title}>
                  {failureMessage(errorReason, linkTtlMinutes).body}
                  {triesLeft !== null && errorReason === "wrong-code" ? ` ${triesLeft} ${triesLeft === 1 ? "try" : "tries"} left.` : null}
                </Notice>
              ) : null}
              <CodeForm />
            </div>
          }
        />
        <p className="text-xs leading-5 text-slate-500">
          No email after a minute? Check your spam folder, or{" "}
          <a className="font-medium text-indigo-600 hover:text-indigo-500" href="/signin">
            try again with another address
          </a>
          .
        </p>
      </div>
    </AuthCard>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/lib/format/time";
import { readEnv } from "@/lib/env";
import { isLoopbackHostHeader } from "@/lib/request/loopback-host";
import { readMailbox } from "@/lib/mail/mailbox";
import { MailFrame } from "./mail-frame";

export const metadata: Metadata = { title: "Development mailbox" };
export const dynamic = "force-dynamic";

/** Development only: the messages the local mail catcher received. Absent in production, and to anyone not on this machine. */
export default async function DevMailboxPage() {
  const env = readEnv();
  if (env.NODE_ENV === "production" || !env.DEV_MAILBOX_DIR) notFound();
  if (!isLoopbackHostHeader((await headers()).get("host"))) notFound();
  const messages = readMailbox(env.DEV_MAILBOX_DIR).slice(0, 50);
  return (
    <main className="mx-auto max-w-5xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Development mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">Messages caught by the local SMTP server. Newest first; reload to refresh.</p>
      {messages.length === 0 ? (
        <p className="mt-10 rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-500">
          No mail yet. Request a sign-in link and it will appear here.
        </p>
      ) : (
        <ul className="mt-6 space-y-6">
          {messages.map((message) => (
            <li key={message.id} className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
              <div className="border-b border-slate-100 px-5 py-3 text-sm">
                <p className="font-semibold text-slate-900">{message.subject}</p>
                <p className="text-slate-500">
                  To {message.envelopeTo.join(", ")} · {formatDateTime(new Date(message.receivedAt))}
                </p>
              </div>
              <MailFrame title={message.subject} html={message.html} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

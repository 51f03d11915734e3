"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import type { RequesterSummary } from "@/lib/magic-link/link/open-link";

type Result = "idle" | "sending" | "approved" | "denied" | "error";

/**
 * Number matching: this device holds the link but did not ask for it. It can approve the
 * sign-in of the device that asked (never its own) by picking the number that device shows.
 */
export function OtherDeviceApproval({
  attemptId,
  token,
  requester,
  choices,
}: {
  attemptId: string;
  token: string;
  requester: RequesterSummary;
  choices: number[];
}) {
  const [result, setResult] = useState<Result>("idle");

  async function pick(number: number) {
    setResult("sending");
    try {
      const response = await fetch("/api/sign-in/approve", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ attemptId, token, number }),
      });
      const body = await response.json();
      setResult(body.approved ? "approved" : body.reason === "wrong-number" ? "denied" : "error");
    } catch {
      setResult("error");
    }
  }

  if (result === "approved") {
    return (
      <Notice tone="success" title="Approved">
        The other device is signing in now. You can close this tab; this device stays signed out.
      </Notice>
    );
  }
  if (result === "denied") {
    return (
      <Notice tone="error" title="That was not the number">
        For your safety this sign-in has been cancelled. If you were trying to sign in, request a new link on your device.
      </Notice>
    );
  }
  return (
    <div className="space-y-5">
      <p className="text-sm leading-6 text-slate-700">
        This link was requested on another device. Approve that sign-in only if it is yours:
      </p>
      <dl className="grid grid-cols-3 gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm">
        <dt className="text-slate-500">Device</dt>
        <dd className="col-span-2 font-medium text-slate-900">{requester.device}</dd>
        <dt className="text-slate-500">IP address</dt>
        <dd className="col-span-2 font-mono text-slate-900">{requester.ip}</dd>
        <dt className="text-slate-500">Requested</dt>
        <dd className="col-span-2 text-slate-900">{new Date(requester.requestedAt).toLocaleString()}</dd>
      </dl>
      <fieldset disabled={result === "sending"}>
        <legend className="text-sm font-medium text-slate-900">Which number does that device show?</legend>
        <div className="mt-3 grid grid-cols-3 gap-3">
          {choices.map((choice) => (
            <button
              key={choice}
              type="button"
              onClick={() => pick(choice)}
              className="rounded-xl border border-slate-300 bg-white py-4 font-mono text-2xl font-bold text-slate-900 shadow-sm transition hover:border-indigo-500 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-50"
            >
              {choice}
            </button>
          ))}
        </div>
      </fieldset>
      <p className="text-xs text-slate-500">Don&apos;t recognise it? Close this tab. Picking a wrong number cancels the sign-in.</p>
      {result === "error" ? <Notice tone="error">Something went wrong. Reload the page and try again.</Notice> : null}
    </div>
  );
}

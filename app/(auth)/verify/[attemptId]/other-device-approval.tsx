"use client";

import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format/time";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import type { RequesterSummary } from "@/lib/magic-link/link/open-link";

type Result = "idle" | "approving" | "reporting" | "approved" | "denied" | "reported" | "gone" | "error";

/**
 * Number matching: this device holds the link but did not ask for it. It can approve the
 * sign-in of the device that asked (never its own) by typing the number that device shows,
 * or say it did not ask, which stops the sign-in and warns the owner.
 */
export function OtherDeviceApproval({ attemptId, token, requester }: { attemptId: string; token: string; requester: RequesterSummary }) {
  const [result, setResult] = useState<Result>("idle");
  const [typed, setTyped] = useState("");
  const [invalid, setInvalid] = useState<string | undefined>();

  async function post(path: string, body: object): Promise<Record<string, unknown> | null> {
    try {
      const response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ attemptId, token, ...body }),
      });
      return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async function approve(event: FormEvent) {
    event.preventDefault();
    if (!/^[1-9]\d$/.test(typed)) {
      setInvalid("Type the two digits the other device shows.");
      return;
    }
    setInvalid(undefined);
    setResult("approving");
    const body = await post("/api/sign-in/approve", { number: typed });
    setResult(!body ? "error" : body.approved ? "approved" : body.reason === "wrong-number" ? "denied" : "gone");
  }

  async function report() {
    setResult("reporting");
    const body = await post("/api/sign-in/deny", {});
    setResult(!body ? "error" : body.cancelled ? "reported" : "gone");
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
  if (result === "reported") {
    return (
      <Notice tone="success" title="Sign-in stopped">
        Nobody signed in. We cancelled this sign-in and emailed you what happened. You can close this tab.
      </Notice>
    );
  }
  if (result === "gone") {
    return (
      <Notice tone="warning" title="This sign-in is no longer waiting">
        It was already approved, cancelled or has expired. If you are trying to sign in, request a new link.
      </Notice>
    );
  }
  const busy = result === "approving" || result === "reporting";
  return (
    <div className="space-y-5">
      <Notice tone="warning" title="This link was requested on another device">
        Approve only if you are signing in on that device right now. Someone who typed your address cannot get in unless you approve.
      </Notice>
      <dl className="grid grid-cols-3 gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm">
        <dt className="text-slate-500">Device</dt>
        <dd className="col-span-2 font-medium text-slate-900">{requester.device}</dd>
        <dt className="text-slate-500">IP address</dt>
        <dd className="col-span-2 font-mono break-all text-slate-900">{requester.ip}</dd>
        <dt className="text-slate-500">Requested</dt>
        <dd className="col-span-2 text-slate-900">{formatDateTime(requester.requestedAt, { timeZone: "viewer" })}</dd>
      </dl>
      <form onSubmit={approve} className="space-y-3" noValidate>
        <TextField
          id="approval-number"
          name="number"
          label="Number shown on that device"
          hint="Only the device where you asked for the link shows it."
          inputMode="numeric"
          autoComplete="off"
          maxLength={2}
          value={typed}
          onChange={(event) => setTyped(event.target.value.replace(/\D/g, "").slice(0, 2))}
          error={invalid}
          disabled={busy}
          className="text-center font-mono text-2xl tracking-[0.4em]"
        />
        <Button type="submit" pending={result === "approving"} disabled={busy}>
          {result === "approving" ? "Approving…" : "Approve sign-in"}
        </Button>
      </form>
      <div className="border-t border-slate-100 pt-4">
        <Button type="button" variant="secondary" onClick={report} pending={result === "reporting"} disabled={busy}>
          I didn&apos;t request this
        </Button>
        <p className="mt-2 text-xs text-slate-500">A wrong number also cancels the sign-in. Nobody signs in on this device either way.</p>
      </div>
      {result === "error" ? <Notice tone="error">Something went wrong. Reload the page and try again.</Notice> : null}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { confirmTotpEnrolmentAction, finishTotpEnrolmentAction, startTotpEnrolmentAction } from "@/app/(app)/account/security/actions";
import { followRefusal } from "@/components/account/follow-refusal";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import { RecoveryCodesPanel } from "./recovery-codes-panel";

type Stage = { step: "idle" } | { step: "scan"; secret: string; qrDataUrl: string } | { step: "done"; recoveryCodes: string[] };

/** Scan (or type) the secret, prove it with one code, then keep the recovery codes. Each is shown once. */
export function TotpEnrolment() {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ step: "idle" });
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const begin = () =>
    startTransition(async () => {
      setError(null);
      const result = await startTotpEnrolmentAction();
      if (result.ok) return setStage({ step: "scan", ...result.data });
      if (!followRefusal(result)) setError(result.message);
    });

  const confirmCode = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      setError(null);
      const result = await confirmTotpEnrolmentAction({ code });
      if (result.ok) return setStage({ step: "done", recoveryCodes: result.data.recoveryCodes });
      if (!followRefusal(result)) setError(result.message);
    });
  };

  if (stage.step === "done")
    return <RecoveryCodesPanel codes={stage.recoveryCodes} onDone={() => void finishTotpEnrolmentAction().then(() => router.refresh())} />;
  if (stage.step === "idle") {
    return (
      <div className="space-y-3">
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Button type="button" onClick={begin} pending={pending} className="sm:w-auto">
          Set up an authenticator app
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={confirmCode} className="space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm leading-6 text-slate-700">
        <li>Open your authenticator app and add an account.</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Enter the 6‑digit code the app shows.</li>
      </ol>
      <div className="flex flex-wrap items-center gap-6">
        {/* A data: URL made on the server; the CSP allows img data:. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={stage.qrDataUrl}
          alt="QR code for your authenticator app"
          width={180}
          height={180}
          className="rounded-lg border border-slate-200"
        />
        <div className="min-w-0 flex-1 text-sm">
          <p className="text-slate-500">Setup key</p>
          {/* Groups of four that wrap between groups, never inside one. */}
          <p className="mt-1 flex flex-wrap gap-x-2 font-mono text-base tracking-wider text-slate-900" data-testid="totp-secret">
            {stage.secret.match(/.{1,4}/g)?.map((group, index) => (
              <span key={index} className="whitespace-nowrap">
                {index > 0 ? " " : null}
                {group}
              </span>
            ))}
          </p>
          <p className="mt-2 text-xs text-slate-500">Shown only now. It stays valid for ten minutes until you confirm.</p>
        </div>
      </div>
      <TextField
        id="totp-code"
        label="6-digit code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={error ?? undefined}
        className="font-mono tracking-[0.3em]"
      />
      <Button type="submit" pending={pending} className="sm:w-auto">
        Turn on
      </Button>
    </form>
  );
}

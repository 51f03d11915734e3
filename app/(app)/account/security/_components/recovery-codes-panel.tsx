"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** Ten one-time codes, shown once: only their hashes are kept, so they cannot be shown again. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const download = () => {
    const blob = new Blob([`Recovery codes (each works once)\n\n${codes.join("\n")}\n`], { type: "text/plain" });
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: "recovery-codes.txt" });
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <div className="space-y-4">
      <Notice tone="success" title="Authenticator app is on">
        Save these recovery codes somewhere safe. If you lose your phone, each one confirms it&apos;s you once. They will not be shown
        again.
      </Notice>
      <ul className="grid grid-cols-2 gap-2 rounded-lg bg-slate-50 p-4 font-mono text-sm text-slate-900" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="secondary" onClick={download} className="sm:w-auto">
          Download
        </Button>
        <Button type="button" onClick={onDone} className="sm:w-auto">
          I have saved them
        </Button>
      </div>
    </div>
  );
}

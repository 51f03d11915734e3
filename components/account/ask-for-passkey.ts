"use client";

import { startAuthentication, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { postJson } from "./follow-refusal";

/**
 * A usernameless passkey request (/signin and the recovery page): the options for one request,
 * then the browser's answer; null when it was replaced, cancelled or never started.
 */
export async function askForPasskey(
  useBrowserAutofill: boolean,
  stillWanted: () => boolean = () => true,
): Promise<AuthenticationResponseJSON | { message: string } | null> {
  const options = await postJson("/api/sign-in/passkey/options", {});
  if (!options.ok) return { message: options.message ?? "Could not start. Try again." };
  if (!stillWanted()) return null;
  try {
    return await startAuthentication({ optionsJSON: options.options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill });
  } catch {
    return null;
  }
}

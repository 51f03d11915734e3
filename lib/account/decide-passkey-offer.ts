/**
 * Pure: should the account page offer to add a passkey on this device, and in which words?
 * Only after an email sign-in (a link or a code) in a session that has not used a passkey
 * since: a browser that holds one of the account's passkeys is offered it in /signin's
 * autofill, so signing in by email suggests this one has none. Never anywhere but /account.
 */
export type PasskeyOffer = { offer: false } | { offer: true; firstPasskey: boolean };

export function decidePasskeyOffer(session: { amr: readonly string[] }, account: { passkeys: number }): PasskeyOffer {
  const signedInByEmail = session.amr.length === 0 || session.amr.includes("email") || session.amr.includes("code");
  if (!signedInByEmail || session.amr.includes("passkey")) return { offer: false };
  return { offer: true, firstPasskey: account.passkeys === 0 };
}

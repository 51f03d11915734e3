/**
 * What undoing an email change asks for. The undo link goes to the old mailbox, and whoever
 * holds that mailbox is not necessarily the owner any more (a former employer's inbox, a
 * recycled address). When the account had a strong factor before the change, the undo must
 * be proven with that factor; factors added after the change prove nothing (whoever took the
 * account could have added them) and are listed for the owner to review instead.
 */
export type RevertProofMethod = "totp" | "recovery-code" | "passkey";

export interface AccountFactors {
  /** When the authenticator app was turned on; null when it is not (or not yet confirmed). */
  totpConfirmedAt: Date | null;
  /** Whether unused recovery codes exist: they come with the authenticator app. */
  hasUnusedRecoveryCodes: boolean;
  passkeys: Array<{ id: string; name: string; createdAt: Date }>;
}

/** The ways the undo can be proven; empty when the account had no factor before the change. */
export function revertProofMethods(factors: AccountFactors, changedAt: Date): RevertProofMethod[] {
  const methods: RevertProofMethod[] = [];
  const totpBefore = factors.totpConfirmedAt !== null && factors.totpConfirmedAt < changedAt;
  if (totpBefore) methods.push("totp");
  if (totpBefore && factors.hasUnusedRecoveryCodes) methods.push("recovery-code");
  if (passkeysBefore(factors, changedAt).length > 0) methods.push("passkey");
  return methods;
}

/** The passkeys that existed before the change: the only ones an undo may be proven with. */
export function passkeysBefore(factors: AccountFactors, changedAt: Date): AccountFactors["passkeys"] {
  return factors.passkeys.filter((passkey) => passkey.createdAt < changedAt);
}

/** Factors added since the change, described for the owner to review after the undo. */
export function factorsAddedSince(factors: AccountFactors, changedAt: Date): string[] {
  const added = factors.passkeys.filter((passkey) => passkey.createdAt >= changedAt).map((passkey) => `passkey “${passkey.name}”`);
  if (factors.totpConfirmedAt !== null && factors.totpConfirmedAt >= changedAt) added.unshift("authenticator app");
  return added;
}

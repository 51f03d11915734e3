/** How the values in Session.amr and step-up events read to people. */
const LABELS: Record<string, string> = {
  email: "email link",
  code: "email code",
  passkey: "passkey",
  totp: "authenticator app",
  "recovery-code": "recovery code",
  "email-code": "emailed code",
};

export function methodLabel(method: string): string {
  return LABELS[method] ?? method;
}

export function methodsLabel(amr: string[]): string {
  return amr.length ? amr.map(methodLabel).join(", ") : "email link";
}

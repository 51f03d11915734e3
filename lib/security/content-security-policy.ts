/**
 * The Content-Security-Policy of every page, built per request around a fresh nonce.
 *
 * Scripts run only when they carry this request's nonce ('strict-dynamic' lets Next.js's own
 * nonce-carrying bootstrap load its chunks); there is no 'unsafe-inline' for scripts, so an
 * injected <script> or event handler never runs. Styles keep 'unsafe-inline': Tailwind and the
 * charts set style attributes, and a style cannot run code. Development adds 'unsafe-eval',
 * which React's dev tooling needs; production never has it.
 */
export function pageContentSecurityPolicy(options: { nonce: string; development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** Route handlers answer JSON, files and redirects, never a page: nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** 128 random bits, base64: unguessable, and new for every request. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

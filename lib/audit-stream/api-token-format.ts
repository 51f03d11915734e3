import { randomToken } from "../security/secrets";

/** What an API token may do. One scope today; a token carries exactly one. */
export const API_TOKEN_SCOPES = ["audit:read"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** A prefix that secret scanners (and people) recognise: 256 random bits follow. */
export const API_TOKEN_PREFIX = "mlg_at_";

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomToken()}`;
}

// The scheme is case-insensitive (RFC 7235), the token is not.
const BEARER = /^[Bb][Ee][Aa][Rr][Ee][Rr] +(mlg_at_[A-Za-z0-9_-]{43})$/;

/**
 * The token from an `Authorization: Bearer …` header (RFC 6750), or null when the header is
 * absent or holds anything else: a token is never looked up unless it has the exact shape
 * newApiToken makes.
 */
export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const match = BEARER.exec(header.trim());
  return match ? match[1] : null;
}

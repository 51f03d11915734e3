import { readEnv } from "../env";

/** WebAuthn's relying party comes from AUTH_URL, never from the request's Host header. */
export function relyingParty() {
  const env = readEnv();
  const url = new URL(env.AUTH_URL);
  return { id: url.hostname, origin: url.origin, name: env.APP_NAME };
}

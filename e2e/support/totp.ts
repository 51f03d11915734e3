import { generate } from "otplib";

/**
 * The code an authenticator app would show for `secret` at `at`. Step-ups right after an
 * enrolment pass `Date.now() + 30_000`: the server accepts one step of drift but never a
 * time step twice, so the next step's code is the one a person would type next.
 */
export function totpCode(secret: string, at: number = Date.now()): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, ""), epoch: Math.floor(at / 1000) });
}

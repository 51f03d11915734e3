import { createHash, timingSafeEqual } from "node:crypto";
import { bearerToken } from "./decide-jobs";

/** Whether an Authorization header carries CRON_SECRET; never true when no secret is set. Constant time. */
export function cronSecretMatches(authorization: string | null, secret: string | undefined): boolean {
  const offered = bearerToken(authorization);
  if (!secret || !offered) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(offered), digest(secret));
}

import { randomBytes } from "node:crypto";
import type pg from "pg";
import { keyedHash, randomToken } from "../../lib/security/secrets";

export interface RedeemableAttempt {
  id: string;
  token: string;
  /** The binding secret of the browser that "asked": sent as its `device` cookie. */
  device: string;
}

/**
 * Attempts ready to redeem, written straight into the database the way requestSignIn
 * stores them (keyed hashes only), so the redemption run measures redemption alone. The
 * caller's AUTH_SECRET must be the instance's: the hashes are keyed with it. Each attempt
 * has its own browser and client address, like real traffic (one shared browser or IP would
 * look like an attack to the risk signals and make them read long histories).
 */
export async function createRedeemableAttempts(pool: pg.Pool, count: number, firstIndex = 0): Promise<RedeemableAttempt[]> {
  const attempts = Array.from({ length: count }, (_, n) => ({
    id: `bench${randomBytes(10).toString("hex")}`,
    token: randomToken(),
    device: randomToken(),
    email: `redeem-${firstIndex + n}-${randomBytes(3).toString("hex")}@example.com`,
    ip: `10.200.${((firstIndex + n) >> 8) & 255}.${(firstIndex + n) & 255}`,
  }));
  const codeHash = keyedHash("code", "000000");
  const expiresAt = new Date(Date.now() + 30 * 60_000);
  for (let start = 0; start < attempts.length; start += 1_000) {
    const batch = attempts.slice(start, start + 1_000);
    await pool.query(
      `INSERT INTO "LoginAttempt" (id, email, "linkTokenHash", "bindingHash", "requestIp", "codeHash", "expiresAt")
       SELECT id, email, hash, binding, ip, $6, $7 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, email, hash, binding, ip)`,
      [
        batch.map((a) => a.id),
        batch.map((a) => a.email),
        batch.map((a) => keyedHash("link-token", a.token)),
        batch.map((a) => keyedHash("binding", a.device)),
        batch.map((a) => a.ip),
        codeHash,
        expiresAt,
      ],
    );
  }
  return attempts.map(({ id, token, device }) => ({ id, token, device }));
}

export async function redeemedCount(pool: pg.Pool, ids: string[]): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE id = ANY($1) AND status = 'REDEEMED'`, [ids]);
  return rows[0].n;
}

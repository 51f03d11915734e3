import { randomBytes } from "node:crypto";
import type pg from "pg";
import { cookieNames } from "../../lib/auth/cookie-names";
import { sealPendingAttempt } from "../../lib/magic-link/request/pending-attempt";
import { limitNetwork } from "../../lib/request/client-network";
import { keyedHash, randomToken } from "../../lib/security/secrets";
import { clientAddress } from "./spread";

/** An attempt ready to be redeemed by link or by code, and the browser that asked for it. */
export interface PreparedAttempt {
  id: string;
  token: string;
  code: string;
  /** The client address it was asked from; the flow's requests come from there too. */
  ip: string;
  /** That browser's cookies: its binding secret and the sealed "which attempt this tab waits on". */
  cookie: string;
}

/**
 * Attempts ready to redeem, written straight into the database the way issue-attempt.ts
 * stores them (keyed hashes only), so that a flow run measures redemption alone. The caller's
 * AUTH_SECRET and AUTH_URL must be the instance's: the hashes and the sealed cookie are keyed
 * with the secret, the cookie names follow the URL's scheme. Each attempt has its own address,
 * browser and client address (addressOffset + n, see spread.ts), like real traffic.
 */
export async function prepareAttempts(pool: pg.Pool, count: number, addressOffset: number, label: string): Promise<PreparedAttempt[]> {
  const code = "000000";
  const attempts = Array.from({ length: count }, (_, n) => {
    const ip = clientAddress(addressOffset + n);
    return {
      id: `bench${randomBytes(10).toString("hex")}`,
      token: randomToken(),
      device: randomToken(),
      email: `${label}-${n}-${randomBytes(3).toString("hex")}@example.com`,
      ip,
      network: limitNetwork(ip),
    };
  });
  const expiresAt = new Date(Date.now() + 30 * 60_000);
  for (let start = 0; start < attempts.length; start += 1_000) {
    const batch = attempts.slice(start, start + 1_000);
    await pool.query(
      `INSERT INTO "LoginAttempt" (id, email, "linkTokenHash", "bindingHash", "requestIp", "requestNetwork", "codeHash", "expiresAt")
       SELECT id, email, hash, binding, ip, network, $7, $8
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, email, hash, binding, ip, network)`,
      [
        batch.map((a) => a.id),
        batch.map((a) => a.email),
        batch.map((a) => keyedHash("link-token", a.token)),
        batch.map((a) => keyedHash("binding", a.device)),
        batch.map((a) => a.ip),
        batch.map((a) => a.network),
        keyedHash("code", code),
        expiresAt,
      ],
    );
  }
  return attempts.map((a) => ({
    id: a.id,
    token: a.token,
    code,
    ip: a.ip,
    cookie: [
      `${cookieNames.device()}=${a.device}`,
      `${cookieNames.pendingAttempt()}=${sealPendingAttempt({ attemptId: a.id, email: a.email, issuedAt: Date.now(), decoy: false })}`,
    ].join("; "),
  }));
}

/** How many of the attempts were redeemed, and how many sessions Auth.js holds for their addresses. */
export async function flowOutcome(pool: pg.Pool, attempts: PreparedAttempt[]): Promise<{ redeemed: number; sessions: number }> {
  const ids = attempts.map((a) => a.id);
  const { rows } = await pool.query(
    `SELECT (SELECT count(*)::int FROM "LoginAttempt" WHERE id = ANY($1) AND status = 'REDEEMED') AS redeemed,
            (SELECT count(*)::int FROM "Session" s JOIN "User" u ON u.id = s."userId"
              JOIN "LoginAttempt" a ON a.email = u.email WHERE a.id = ANY($1)) AS sessions`,
    [ids],
  );
  return rows[0];
}

import "server-only";
import { db as defaultDb, type Db } from "../db";
import { recordEvents } from "../audit/record-events";
import { adminActionEvent } from "../admin/admin-audit";
import { AppError } from "../errors/app-error";
import type { AdminActor } from "../admin/require-admin";
import { keyedHash } from "../security/secrets";
import { bearerToken, newApiToken, type ApiTokenScope } from "./api-token-format";

/**
 * API tokens let a machine (a SIEM) read what an administrator may read, without a browser
 * session or step-up. An administrator creates one after step-up; it is shown once and only
 * its keyed hash is kept, so a copy of the database yields no usable token. Revoking one
 * takes effect on the next request. Creating and revoking are audited.
 */
export async function createApiToken(
  actor: AdminActor,
  name: string,
  scope: ApiTokenScope,
  now: Date = new Date(),
): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const row = await defaultDb.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name, scope, tokenHash: keyedHash("api-token", token), createdBy: actor.userId, createdAt: now },
    });
    await recordEvents(tx, [adminActionEvent(actor, "api-token.create", { credentialId: created.id, name, scope })], now);
    return created;
  });
  return { id: row.id, token };
}

export async function revokeApiToken(actor: AdminActor, id: string, now: Date = new Date()): Promise<void> {
  await defaultDb.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now, revokedBy: actor.userId } });
    if (revoked.count !== 1) throw new AppError("conflict", "This token does not exist or is already revoked.");
    const row = await tx.apiToken.findUniqueOrThrow({ where: { id }, select: { name: true, scope: true } });
    await recordEvents(tx, [adminActionEvent(actor, "api-token.revoke", { credentialId: id, name: row.name, scope: row.scope })], now);
  });
}

export async function listApiTokens() {
  return defaultDb.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
    select: { id: true, name: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export type ApiTokenCheck =
  { ok: true; tokenId: string } | { ok: false; status: 401 | 403; error: "invalid_token" | "insufficient_scope"; message: string };

/**
 * Checks `Authorization: Bearer …` for a token that is live and carries `scope`, and marks it
 * used, in one statement, so a token revoked meanwhile is never counted as used.
 */
export async function authenticateApiToken(
  authorization: string | null,
  scope: ApiTokenScope,
  now: Date = new Date(),
  db: Db = defaultDb,
): Promise<ApiTokenCheck> {
  const token = bearerToken(authorization);
  if (!token) {
    return {
      ok: false,
      status: 401,
      error: "invalid_token",
      message: "Send an API token as `Authorization: Bearer mlg_at_…`. An administrator creates one under Admin → API tokens.",
    };
  }
  const [row] = await db.$queryRaw<Array<{ id: string; scope: string }>>`
    UPDATE "ApiToken" SET "lastUsedAt" = ${now}
    WHERE "tokenHash" = ${keyedHash("api-token", token)} AND "revokedAt" IS NULL
    RETURNING id, scope`;
  if (!row)
    return { ok: false, status: 401, error: "invalid_token", message: "This API token is not valid: it is unknown or has been revoked." };
  if (row.scope !== scope)
    return {
      ok: false,
      status: 403,
      error: "insufficient_scope",
      message: `This API token may not do this: it needs the scope "${scope}".`,
    };
  return { ok: true, tokenId: row.id };
}

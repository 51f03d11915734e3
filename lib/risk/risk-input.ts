import type { Tx } from "../db";
import { readEnv } from "../env";
import { isAdminAccount } from "../auth/admin-identity";
import { isLoopbackAddress } from "../request/trusted-networks";
import { keyedHash } from "../security/secrets";
import { BURST_WINDOW_MS, type AttemptEventFact, type RiskInput } from "./signals/types";

const MAX_EVENTS = 500;
const MAX_HISTORY_ROWS = 1_000;

/** The account and device facts the notice and alerts need besides the signals' input. */
export interface LoadedRiskInput extends RiskInput {
  account: { id: string; email: string } | null;
}

/**
 * Everything the signals read about one attempt, with one indexed query per fact:
 * LoginAttempt by (email | requestIp | bindingHash, requestedAt), AuditEvent by
 * (attemptId, seq), (type, createdAt) and (userId, seq). Only what had happened by `now`.
 */
export async function loadRiskInput(client: Tx, attemptId: string, now: Date): Promise<LoadedRiskInput | null> {
  const attempt = await client.loginAttempt.findUnique({
    where: { id: attemptId },
    include: { user: { select: { id: true, email: true, role: true } } },
  });
  if (!attempt) return null;
  const account =
    attempt.user ?? (await client.user.findUnique({ where: { email: attempt.email }, select: { id: true, email: true, role: true } }));
  const window = { gte: new Date(attempt.requestedAt.getTime() - BURST_WINDOW_MS), lte: now };

  const [events, forAddress, rateLimited, fromIp, fromDevice, earlierSessions] = await Promise.all([
    client.auditEvent.findMany({ where: { attemptId, createdAt: { lte: now } }, orderBy: { seq: "asc" }, take: MAX_EVENTS }),
    client.loginAttempt.findMany({
      where: { email: attempt.email, requestedAt: window },
      select: { requestedAt: true },
      take: MAX_HISTORY_ROWS,
    }),
    client.auditEvent.count({
      where: {
        type: "attempt.rate_limited",
        createdAt: window,
        details: { path: ["emailHash"], equals: keyedHash("email", attempt.email).slice(0, 16) },
      },
    }),
    attempt.requestIp
      ? client.loginAttempt.findMany({
          // Per network (IPv4 address, IPv6 /64): rotating addresses inside one /64 is one client.
          where: attempt.requestNetwork
            ? { requestNetwork: attempt.requestNetwork, requestedAt: window }
            : { requestIp: attempt.requestIp, requestedAt: window },
          select: { email: true, requestedAt: true },
          take: MAX_HISTORY_ROWS,
        })
      : [],
    client.loginAttempt.findMany({
      where: { bindingHash: attempt.bindingHash, requestedAt: window },
      select: { email: true, requestedAt: true },
      take: MAX_HISTORY_ROWS,
    }),
    account
      ? client.auditEvent.findMany({
          where: { userId: account.id, type: "session.created", createdAt: { lt: attempt.requestedAt } },
          select: { deviceHash: true },
          orderBy: { seq: "desc" },
          take: MAX_HISTORY_ROWS,
        })
      : [],
  ]);

  const redeemed = attempt.redeemedAt
    ? {
        ip: attempt.redeemIp,
        userAgent: attempt.redeemUserAgent,
        deviceHash: redeemingDevice(events),
        at: attempt.redeemedAt,
        via: attempt.redeemedVia,
      }
    : null;
  return {
    account: account ? { id: account.id, email: account.email } : null,
    now,
    attempt: {
      id: attempt.id,
      email: attempt.email,
      userId: account?.id ?? null,
      accountIsAdmin: isAdminAccount({ role: account?.role ?? "USER", email: attempt.email }, readEnv().ADMIN_EMAILS),
      status: attempt.status,
      requestedAt: attempt.requestedAt,
      expiresAt: attempt.expiresAt,
      codeFailures: attempt.codeFailures,
      request: { ip: attempt.requestIp, userAgent: attempt.requestUserAgent, deviceHash: attempt.bindingHash },
      redemption: redeemed,
      approval: attempt.approvedAt
        ? { ip: attempt.approverIp, userAgent: attempt.approverUserAgent, deviceHash: null, at: attempt.approvedAt }
        : null,
    },
    events: events.map((event): AttemptEventFact => ({
      type: event.type,
      at: event.createdAt,
      ip: event.ip,
      userAgent: event.userAgent,
      deviceHash: event.deviceHash,
      reason: event.reason,
      details: (event.details ?? {}) as Record<string, unknown>,
    })),
    localDevelopment: readEnv().NODE_ENV === "development" && isLoopbackAddress(attempt.requestIp),
    history: {
      requestsForAddress: forAddress.map((row) => row.requestedAt),
      rateLimitedForAddress: rateLimited,
      requestsFromIp: fromIp.map((row) => ({ email: row.email, at: row.requestedAt })),
      requestsFromDevice: fromDevice.map((row) => ({ email: row.email, at: row.requestedAt })),
      earlierSessionDevices: [...new Set(earlierSessions.map((row) => row.deviceHash).filter((hash): hash is string => Boolean(hash)))],
    },
  };
}

/** The redemption's device is only on its events (the row keeps the requester's binding). */
function redeemingDevice(events: Array<{ type: string; deviceHash: string | null }>): string | null {
  const redeemed = events.find((event) => event.type === "attempt.redeemed" || event.type === "session.created");
  return redeemed?.deviceHash ?? null;
}

import "server-only";
import { db } from "../db";
import type { LoginAttempt } from "../generated/prisma/client";
import { ipNetworkPrefix } from "../request/client-ip";
import { describeDevice } from "../request/device-description";
import { deliveryStages } from "./delivery-stages";
import { describeTimelineEvents, relativeTime, type TimelineLine } from "./timeline-text";
import { summariseAttempt } from "./timeline-glance";

export interface TimelineEntry extends TimelineLine {
  seq: string;
  type: string;
  at: Date;
  offset: string;
}

export interface DeviceCard {
  role: string;
  device: string;
  ip: string | null;
  network: string | null;
  at: Date | null;
  /** First characters of the binding hash, to tell browsers apart; never the secret. */
  browserId: string | null;
  note?: string;
}

const MAX_EVENTS = 1_000;

/** The columns of an audit event the timeline shows. */
interface TimelineEventRow {
  seq: string;
  createdAt: Date;
  type: string;
  ip: string | null;
  userAgent: string | null;
  deviceHash: string | null;
  outcome: string | null;
  reason: string | null;
  details: unknown;
}
export const ATTEMPT_ID = /^[a-z0-9]{1,40}$/;

/** One attempt with every event (AuditEvent by (attemptId, seq)), the devices involved and its sessions. */
export async function loadAttemptTimeline(attemptId: string) {
  if (!ATTEMPT_ID.test(attemptId)) return null;
  // All at once, keyed by the attempt's id: one round trip of waiting instead of three in a row
  // (an unknown id costs a few empty index lookups, cheaper than making every page wait). The
  // attempt with its account, and the events, are plain SQL: through Prisma's model API the
  // `include` of the user and the rows' mapping cost several milliseconds of CPU per page,
  // most of the tail on a busy machine.
  const [found, events, sessions, alerts] = await Promise.all([
    db.$queryRaw<Array<LoginAttempt & { user_id: string | null; user_email: string | null; user_lockedAt: Date | null }>>`
      SELECT a.*, u.id AS user_id, u.email AS user_email, u."lockedAt" AS "user_lockedAt"
      FROM "LoginAttempt" a LEFT JOIN "User" u ON u.id = a."userId" WHERE a.id = ${attemptId}`,
    db.$queryRaw<TimelineEventRow[]>`
      SELECT seq::text AS seq, "createdAt", type, ip, "userAgent", "deviceHash", outcome, reason, details
      FROM "AuditEvent" WHERE "attemptId" = ${attemptId} ORDER BY seq LIMIT ${MAX_EVENTS}`,
    db.session.findMany({ where: { attemptId }, select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true } }),
    db.alert.findMany({ where: { attemptId }, orderBy: { createdAt: "desc" } }),
  ]);
  if (found.length === 0) return null;
  const { user_id: userId, user_email: userEmail, user_lockedAt: userLockedAt, ...row } = found[0];
  const attempt = { ...row, user: userId !== null ? { id: userId, email: userEmail ?? "", lockedAt: userLockedAt } : null };

  const lines = describeTimelineEvents(
    events.map((event) => ({ ...event, at: event.createdAt, details: (event.details ?? {}) as Record<string, unknown> })),
  );
  const entries: TimelineEntry[] = events.map((event, index) => ({
    seq: event.seq.toString(),
    type: event.type,
    at: event.createdAt,
    offset: relativeTime(event.createdAt, attempt.requestedAt),
    ...lines[index],
  }));

  const card = (
    role: string,
    ip: string | null,
    userAgent: string | null,
    at: Date | null,
    deviceHash: string | null,
    note?: string,
  ): DeviceCard => ({
    role,
    device: describeDevice(userAgent).label,
    ip,
    network: ip ? ipNetworkPrefix(ip) : null,
    at,
    browserId: deviceHash ? deviceHash.slice(0, 8) : null,
    note,
  });
  const redeemedEvent = events.find((event) => event.type === "attempt.redeemed");
  const devices: DeviceCard[] = [
    card("Requested from", attempt.requestIp, attempt.requestUserAgent, attempt.requestedAt, attempt.bindingHash),
  ];
  if (attempt.approvedAt || attempt.approverIp) {
    devices.push(
      card(
        attempt.approvedAt ? "Approved from" : "Approval refused from",
        attempt.approverIp,
        attempt.approverUserAgent,
        attempt.approvedAt,
        null,
      ),
    );
  }
  if (attempt.redeemedAt) {
    const sameBrowser = redeemedEvent?.deviceHash === attempt.bindingHash;
    devices.push(
      card(
        "Signed in from",
        attempt.redeemIp,
        attempt.redeemUserAgent,
        attempt.redeemedAt,
        redeemedEvent?.deviceHash ?? null,
        sameBrowser ? "the requesting browser" : "a different browser",
      ),
    );
  }

  const sessionEvent = events.find((event) => event.type === "session.created");
  const summary = summariseAttempt({
    requestedAt: attempt.requestedAt,
    sessionAt: sessionEvent?.createdAt ?? null,
    via: attempt.redeemedVia,
    // An open attempt past its expiry reads as expired, as in the attempts list.
    status:
      ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"].includes(attempt.status) && attempt.expiresAt <= new Date()
        ? "EXPIRED"
        : attempt.status,
    scannerFetches: events.filter(
      (event) => event.type === "link.fetched" && (event.details as Record<string, unknown> | null)?.likelyScanner === true,
    ).length,
  });

  return {
    attempt,
    summary,
    entries,
    delivery: deliveryStages(
      events.map((event) => ({ type: event.type, at: event.createdAt, details: (event.details ?? {}) as Record<string, unknown> })),
    ),
    devices,
    riskReasons: Array.isArray(attempt.riskReasons)
      ? (attempt.riskReasons as Array<{ signal: string; weight: number; reason: string }>)
      : [],
    sessions: sessions.map((session) => ({ ...session, device: describeDevice(session.userAgent).label })),
    alerts,
    truncated: events.length === MAX_EVENTS,
  };
}

export type AttemptTimeline = NonNullable<Awaited<ReturnType<typeof loadAttemptTimeline>>>;

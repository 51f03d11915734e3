import type { AuditEvent } from "../generated/prisma/client";

/**
 * One audit event as it leaves the database (the pull API and the webhook sink), in Elastic
 * Common Schema field names so that a SIEM maps it without a custom parser: `@timestamp`,
 * `event.*`, `user.id`, `source.ip`, `user_agent.original`. What ECS has no field for lives
 * under `magic_link.*`, including the chain fields a receiver needs to re-check the links:
 * hash = SHA-256(prev_hash + "\n" + mac). README "Audit stream" documents every field.
 */
export interface StreamEvent {
  "@timestamp": string;
  ecs: { version: string };
  event: {
    kind: "event";
    module: "magic_link";
    dataset: "magic_link.audit";
    id?: string;
    action: string;
    category: string[];
    outcome: "success" | "failure" | "unknown";
    /** The event's position in the chain: the pull API's cursor. */
    sequence: number;
    reason?: string;
  };
  user?: { id: string };
  source?: { ip: string };
  user_agent?: { original: string };
  magic_link: {
    attempt_id?: string;
    session_hash?: string;
    device_hash?: string;
    details: unknown;
    chain: { seq: string; prev_hash: string; hash: string; mac: string | null; key_id: string | null; personal_digest: string | null };
  };
}

export const ECS_VERSION = "8.11.0";

export type StreamableEvent = Pick<
  AuditEvent,
  | "seq"
  | "eventId"
  | "keyId"
  | "mac"
  | "createdAt"
  | "type"
  | "attemptId"
  | "userId"
  | "sessionHash"
  | "ip"
  | "userAgent"
  | "personalDigest"
  | "deviceHash"
  | "outcome"
  | "reason"
  | "details"
  | "prevHash"
  | "hash"
>;

/** ECS `event.category` values by the first part of our event type. */
const CATEGORY_BY_PREFIX: Record<string, string[]> = {
  attempt: ["authentication"],
  link: ["authentication"],
  code: ["authentication"],
  crossdevice: ["authentication"],
  stepup: ["authentication"],
  session: ["authentication", "session"],
  factor: ["iam"],
  account: ["iam"],
  admin: ["iam"],
  email: ["email"],
  notice: ["email"],
  risk: ["intrusion_detection"],
  alert: ["intrusion_detection"],
  data: ["database"],
};

export function ecsCategory(type: string): string[] {
  return CATEGORY_BY_PREFIX[type.split(".")[0]] ?? ["configuration"];
}

/** Our outcomes are success, failure and info; ECS knows only success, failure and unknown. */
export function ecsOutcome(outcome: string | null): StreamEvent["event"]["outcome"] {
  return outcome === "success" || outcome === "failure" ? outcome : "unknown";
}

/** Pure: the stored row to its stream form. Empty fields are left out, as ECS expects; erased personal fields simply disappear. */
export function toStreamEvent(row: StreamableEvent): StreamEvent {
  const event: StreamEvent = {
    "@timestamp": row.createdAt.toISOString(),
    ecs: { version: ECS_VERSION },
    event: {
      kind: "event",
      module: "magic_link",
      dataset: "magic_link.audit",
      ...(row.eventId ? { id: row.eventId } : {}),
      action: row.type,
      category: ecsCategory(row.type),
      outcome: ecsOutcome(row.outcome),
      sequence: Number(row.seq),
      ...(row.reason ? { reason: row.reason } : {}),
    },
    magic_link: {
      ...(row.attemptId ? { attempt_id: row.attemptId } : {}),
      ...(row.sessionHash ? { session_hash: row.sessionHash } : {}),
      ...(row.deviceHash ? { device_hash: row.deviceHash } : {}),
      details: row.details ?? {},
      chain: {
        seq: row.seq.toString(),
        prev_hash: row.prevHash,
        hash: row.hash,
        mac: row.mac,
        key_id: row.keyId,
        personal_digest: row.personalDigest,
      },
    },
  };
  if (row.userId) event.user = { id: row.userId };
  if (row.ip) event.source = { ip: row.ip };
  if (row.userAgent) event.user_agent = { original: row.userAgent };
  return event;
}

import { maskIp } from "../request/client-ip";
import { describeDevice } from "../request/device-description";
import { formatDuration } from "../risk/signals/format-duration";

export interface TimelineEventFacts {
  type: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  outcome: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export type TimelineTone = "neutral" | "success" | "failure" | "warning";

export interface TimelineLine {
  text: string;
  tone: TimelineTone;
  /** The device and masked IP this line names, when it names them. */
  where?: string;
}

/** "+22 s" after the attempt was requested; "−3 s" for anything recorded just before. */
export function relativeTime(at: Date, start: Date): string {
  const ms = at.getTime() - start.getTime();
  return `${ms < 0 ? "−" : "+"}${formatDuration(Math.abs(ms))}`;
}

const where = (event: TimelineEventFacts) =>
  [event.userAgent !== null ? describeDevice(event.userAgent).label : null, event.ip ? maskIp(event.ip) : null].filter(Boolean).join(", ");
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/**
 * One line per audit event for the attempt timeline, in words an administrator reads at a
 * glance: "fetched by a scanner, Microsoft Safe Links, 40.94.x.x". IPs are masked here;
 * the device cards show them in full. Everything returned is plain text, rendered escaped.
 */
export function describeTimelineEvent(event: TimelineEventFacts, shownAbove: string | null = null): TimelineLine {
  const d = event.details;
  // "requested, Firefox on Linux, 203.0.x.x": named once, not again on every row from the same place.
  let placeNamed: string | undefined;
  const withWhere = (phrase: string): string => {
    const place = where(event);
    if (!place || place === shownAbove) return phrase;
    placeNamed = place;
    return `${phrase}, ${place}`;
  };
  const line = describeLine(event, d, withWhere);
  return placeNamed ? { ...line, where: placeNamed } : line;
}

/**
 * The lines of a whole timeline, oldest first: the device and IP appear on the first row that
 * comes from them and again only when they change.
 */
export function describeTimelineEvents(events: TimelineEventFacts[]): TimelineLine[] {
  let shownAbove: string | null = null;
  return events.map((event) => {
    const line = describeTimelineEvent(event, shownAbove);
    if (line.where) shownAbove = line.where;
    return line;
  });
}

function describeLine(event: TimelineEventFacts, d: Record<string, unknown>, withWhere: (phrase: string) => string): TimelineLine {
  switch (event.type) {
    case "attempt.requested":
      return event.outcome === "failure"
        ? { text: `request refused: ${event.reason ?? "unknown reason"}`, tone: "failure" }
        : { text: withWhere("requested"), tone: "neutral" };
    case "attempt.rate_limited":
      return { text: withWhere(`refused by the ${text(d.limit) || "sign-in"} rate limit`), tone: "failure" };
    case "link.issued":
      return { text: `link and code issued${d.ttlMinutes ? `, valid for ${text(d.ttlMinutes)} min` : ""}`, tone: "neutral" };
    case "email.queued":
      return { text: event.reason ? `email queued: ${event.reason}` : "sign-in email queued", tone: "neutral" };
    case "email.sent":
      return { text: `email accepted by the mail server${Number(d.tries) > 1 ? ` after ${text(d.tries)} tries` : ""}`, tone: "success" };
    case "notice.sent":
      return { text: "security notice accepted by the mail server", tone: "neutral" };
    case "email.failed": {
      const kind = d.failure === "permanent" ? "refused for good" : d.failure === "temporary" ? "failed for now" : "delivery failed";
      const next =
        d.willRetry === false
          ? d.stoppedBecause === "link-expires-first"
            ? " (gave up: the link expires before the next try)"
            : " (gave up)"
          : d.willRetry
            ? " (will retry)"
            : "";
      return { text: `email ${kind}${event.reason ? `: ${event.reason}` : ""}${next}`, tone: "failure" };
    }
    case "email.skipped":
      return { text: `email not sent: ${event.reason ?? "skipped"}`, tone: "warning" };
    case "email.delivered":
      return {
        text: `email delivered to the recipient's mail server${d.provider ? ` (reported by ${text(d.provider)})` : ""}`,
        tone: "success",
      };
    case "email.bounced":
      return { text: `email bounced${d.bounce ? ` (${text(d.bounce)})` : ""}${event.reason ? `: ${event.reason}` : ""}`, tone: "failure" };
    case "email.complained":
      return { text: "the recipient reported the email as spam", tone: "failure" };
    case "link.fetched":
      if (d.likelyScanner === true) {
        return {
          text: [`fetched by a scanner`, text(d.scannerName) || null, event.ip ? maskIp(event.ip) : null].filter(Boolean).join(", "),
          tone: "warning",
        };
      }
      return { text: withWhere(`fetched by ${d.sameBrowser === true ? "the requesting browser" : "a browser"}`), tone: "neutral" };
    case "link.opened":
      return { text: withWhere(`opened in ${d.sameBrowser === true ? "the requesting browser" : "another browser"}`), tone: "neutral" };
    case "link.confirmed":
      return { text: withWhere(`link confirmed${d.via ? ` (${text(d.via)})` : ""}`), tone: "success" };
    case "code.succeeded":
      return { text: withWhere("correct code entered"), tone: "success" };
    case "code.failed":
      return { text: withWhere(`${event.reason ?? "wrong code"}${d.failures ? ` (${text(d.failures)} so far)` : ""}`), tone: "failure" };
    case "account.code_lockout":
      return { text: `code entry locked for the account${event.reason ? `: ${event.reason}` : ""}`, tone: "failure" };
    case "attempt.superseded":
      return { text: "superseded by a newer link", tone: "neutral" };
    case "attempt.expired_use":
      return { text: withWhere("used after it expired"), tone: "failure" };
    case "attempt.reuse":
      return { text: withWhere("used again after it had been used"), tone: "failure" };
    case "attempt.refused_other_browser":
      return { text: withWhere("refused: opened in another browser"), tone: "failure" };
    case "attempt.refused":
      return { text: withWhere(`refused: ${event.reason ?? "not usable"}`), tone: "failure" };
    case "attempt.cancelled":
      return { text: `cancelled${event.reason ? `: ${event.reason}` : ""}`, tone: "failure" };
    case "attempt.redeemed":
      return { text: withWhere(`redeemed${d.via ? ` (${text(d.via)})` : ""}`), tone: "success" };
    case "crossdevice.requested":
      return { text: withWhere("approval asked of another device"), tone: "warning" };
    case "crossdevice.approved":
      return { text: withWhere("approved on another device"), tone: "warning" };
    case "crossdevice.denied":
      return { text: withWhere("denied on another device: wrong number picked"), tone: "failure" };
    case "session.created":
      return { text: withWhere(d.method === "passkey" ? "session started with a passkey" : "session started"), tone: "success" };
    case "session.revoked":
      return { text: `session revoked${event.reason ? `: ${event.reason}` : ""}`, tone: "neutral" };
    case "risk.assessed":
      return {
        text: `risk assessed: ${text(d.level) || "?"} (score ${text(d.score) || 0})`,
        tone: d.level === "HIGH" ? "failure" : d.level === "ELEVATED" ? "warning" : "neutral",
      };
    case "alert.raised":
      return { text: `alert raised (${text(d.kind) || "alert"})`, tone: "failure" };
    case "admin.action":
      return { text: `administrator action: ${text(d.action) || "unknown"}`, tone: "neutral" };
    default:
      return { text: `${event.type}${event.reason ? `: ${event.reason}` : ""}`, tone: event.outcome === "failure" ? "failure" : "neutral" };
  }
}

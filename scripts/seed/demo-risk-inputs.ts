import type { LoadedRiskInput } from "../../lib/risk/risk-input";
import { BURST_WINDOW_MS, type AttemptEventFact } from "../../lib/risk/signals/types";
import { keyedHash } from "../../lib/security/secrets";
import type { AttemptStory } from "./attempt-story";
import type { DemoHistory } from "./demo-history";

/**
 * The same facts lib/risk/risk-input.ts loads from the database, gathered from the
 * generated history instead: the seed scores thousands of attempts, and asking PostgreSQL
 * eight questions for each would make it slow. Everything is cut at the assessment's clock.
 */
export function demoRiskInputs(history: DemoHistory): (story: AttemptStory, now: Date) => LoadedRiskInput {
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);
  const byEmail = new Map<string, Date[]>();
  const byIp = new Map<string, Array<{ email: string; at: Date }>>();
  const byDevice = new Map<string, Array<{ email: string; at: Date }>>();
  const eventsByAttempt = new Map<string, AttemptEventFact[]>();
  const rateLimited = new Map<string, Date[]>();
  const sessionsByUser = new Map<string, Array<{ at: Date; deviceHash: string | null }>>();

  for (const story of history.stories) {
    push(byEmail, story.email, story.requestedAt);
    push(byIp, story.requester.ip, { email: story.email, at: story.requestedAt });
    push(byDevice, story.requester.deviceHash, { email: story.email, at: story.requestedAt });
  }
  for (const item of [...history.stories.flatMap((story) => story.items), ...history.loose]) {
    for (const event of item.events) {
      const fact: AttemptEventFact = {
        type: event.type,
        at: item.at,
        ip: event.ip ?? null,
        userAgent: event.userAgent ?? null,
        deviceHash: event.deviceHash ?? null,
        reason: event.reason ?? null,
        details: event.details ?? {},
      };
      if (event.attemptId) push(eventsByAttempt, event.attemptId, fact);
      if (event.type === "attempt.rate_limited") push(rateLimited, String(event.details?.emailHash), item.at);
      if (event.type === "session.created" && event.userId)
        push(sessionsByUser, event.userId, { at: item.at, deviceHash: event.deviceHash ?? null });
    }
  }
  const admins = new Set(history.users.filter((user) => user.role === "ADMIN").map((user) => user.id));

  return (story, now) => {
    const from = story.requestedAt.getTime() - BURST_WINDOW_MS;
    const inWindow = (at: Date) => at.getTime() >= from && at <= now;
    const events = (eventsByAttempt.get(story.id) ?? []).filter((event) => event.at <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
    const row = story.row;
    const redeemedBy = events.find((event) => event.type === "attempt.redeemed" || event.type === "session.created");
    return {
      account: story.userId ? { id: story.userId, email: story.email } : null,
      now,
      attempt: {
        id: story.id,
        email: story.email,
        userId: story.userId,
        accountIsAdmin: story.userId !== null && admins.has(story.userId),
        status: String(row.status ?? "PENDING"),
        requestedAt: story.requestedAt,
        expiresAt: row.expiresAt as Date,
        codeFailures: Number(row.codeFailures ?? 0),
        request: { ip: story.requester.ip, userAgent: story.requester.userAgent, deviceHash: story.requester.deviceHash },
        redemption: row.redeemedAt
          ? {
              ip: row.redeemIp ?? null,
              userAgent: row.redeemUserAgent ?? null,
              deviceHash: redeemedBy?.deviceHash ?? null,
              at: row.redeemedAt as Date,
              via: row.redeemedVia ?? null,
            }
          : null,
        approval: row.approvedAt
          ? { ip: row.approverIp ?? null, userAgent: row.approverUserAgent ?? null, deviceHash: null, at: row.approvedAt as Date }
          : null,
      },
      events,
      history: {
        requestsForAddress: (byEmail.get(story.email) ?? []).filter(inWindow),
        rateLimitedForAddress: (rateLimited.get(keyedHash("email", story.email).slice(0, 16)) ?? []).filter(inWindow).length,
        requestsFromIp: (byIp.get(story.requester.ip) ?? []).filter((request) => inWindow(request.at)),
        requestsFromDevice: (byDevice.get(story.requester.deviceHash) ?? []).filter((request) => inWindow(request.at)),
        earlierSessionDevices: [
          ...new Set(
            (sessionsByUser.get(story.userId ?? "") ?? [])
              .filter((s) => s.at < story.requestedAt && s.deviceHash)
              .map((s) => s.deviceHash as string),
          ),
        ],
      },
    };
  };
}

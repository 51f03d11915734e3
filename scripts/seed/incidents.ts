import { keyedHash } from "../../lib/security/secrets";
import type { AuditEventInput } from "../../lib/audit/record-events";
import { AttemptStory, type TimedEvents } from "./attempt-story";
import { device, USER_AGENTS, type DemoPerson } from "./demo-people";
import { crossDevice } from "./everyday-sign-ins";
import type { SeededRandom } from "./random";

/** The handful of stories the console should surface first. */

const rateLimited = (
  at: Date,
  email: string,
  by: "ip" | "email",
  context: { ip: string; userAgent: string | null; deviceHash: string },
): TimedEvents => ({
  at,
  attemptId: "",
  events: [
    {
      type: "attempt.rate_limited",
      ...context,
      outcome: "failure",
      reason: `${by} limit`,
      details: { limit: by, emailHash: keyedHash("email", email).slice(0, 16) },
    },
  ],
});

/** A script asks for links to sixty addresses from one IP every 25 s; the per-IP limit (30 per 15 min) refuses some. */
export function burstFromOneIp(start: Date, people: DemoPerson[], random: SeededRandom) {
  const ip = "185.220.101.47";
  const stories: AttemptStory[] = [];
  const refused: TimedEvents[] = [];
  let windowStart = start.getTime();
  let inWindow = 0;
  for (let index = 0; index < 60; index++) {
    const at = new Date(start.getTime() + index * 25_000);
    if (at.getTime() - windowStart >= 15 * 60_000) [windowStart, inWindow] = [at.getTime(), 0];
    // No cookies kept between requests: every request is a new "browser".
    const script = device("python-requests/2.31.0", ip);
    const email =
      index % 4 === 0
        ? people[index % people.length].email
        : `${random.pick(["info", "sales", "support", "admin", "billing", "hr", "jobs", "ceo"])}${index}@${random.pick(["example.com", "example.org", "acme.test"])}`;
    if (++inWindow > 30) {
      refused.push(rateLimited(at, email, "ip", script));
      continue;
    }
    stories.push(new AttemptStory(email, null, script, at).sent(random.int(1, 3)));
  }
  return { stories, refused };
}

/** Someone keeps asking for links to one address from rotating IPs; the per-address limit (5 per 15 min) kicks in. */
export function mailBombing(person: DemoPerson, userId: string, start: Date, random: SeededRandom) {
  const stories: AttemptStory[] = [];
  const refused: TimedEvents[] = [];
  let windowStart = start.getTime();
  let inWindow = 0;
  for (let index = 0; index < 14; index++) {
    const at = new Date(start.getTime() + index * 150_000);
    if (at.getTime() - windowStart >= 15 * 60_000) [windowStart, inWindow] = [at.getTime(), 0];
    const sender = device(
      USER_AGENTS.chromeWindows,
      `${random.pick([91, 194, 5])}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    );
    if (++inWindow > 5) {
      const refusal = rateLimited(at, person.email, "email", sender);
      // The first refusal also tells the owner that someone keeps asking (at most once a day).
      if (refused.length === 0)
        refusal.events.push({ type: "email.queued", userId, outcome: "info", reason: "repeated sign-in requests notice" });
      refused.push(refusal);
      continue;
    }
    const story = new AttemptStory(person.email, userId, sender, at).sent(random.int(1, 3));
    const previous = stories[stories.length - 1];
    if (previous) {
      previous.close((at.getTime() - previous.requestedAt.getTime()) / 1000, "SUPERSEDED", "superseded");
      story.items[0].events.unshift({
        type: "attempt.superseded",
        attemptId: previous.id,
        userId,
        outcome: "info",
        reason: "a newer link was requested",
        details: { supersededBy: story.id },
      });
    }
    stories.push(story);
  }
  return { stories, refused };
}

/** Ten wrong codes in two attempts from a stranger's browser: the second locks code entry for the account. */
export function codeGuessing(person: DemoPerson, userId: string, start: Date, random: SeededRandom): AttemptStory[] {
  const stranger = device(USER_AGENTS.chromeWindows, "45.133.1.20");
  const stories = [0, 1].map((round) => {
    const story = new AttemptStory(person.email, userId, stranger, new Date(start.getTime() + round * 180_000)).sent(2);
    let seconds = 10;
    for (let guess = 1; guess <= 5; guess++) {
      const last = guess === 5;
      const event: AuditEventInput = {
        type: "code.failed",
        ...story.context(stranger),
        outcome: "failure",
        reason: last ? "too many wrong codes: attempt cancelled" : "wrong code",
        details: { failures: guess },
      };
      seconds += random.int(6, 12);
      story.add(story.after(seconds), event);
    }
    story.row.codeFailures = 5;
    story.close((story.lastAt.getTime() - story.requestedAt.getTime()) / 1000, "CANCELLED", "too-many-tries");
    return story;
  });
  const second = stories[1];
  second.add(second.lastAt, {
    type: "account.code_lockout",
    ...second.context(stranger),
    outcome: "info",
    reason: "code entry locked for 60 minutes",
  });
  return stories;
}

/**
 * A forwarded link: the owner asked at home, a device on another network approved the
 * request by picking the right number, and later tried the link again for itself.
 */
export function forwardedLink(person: DemoPerson, userId: string, start: Date, random: SeededRandom): AttemptStory {
  const outsider = device(USER_AGENTS.chromeAndroid, "102.89.34.77");
  const story = new AttemptStory(person.email, userId, person.laptop, start).sent(2);
  crossDevice(story, { ...person, phone: outsider }, person.laptop, 2, random, false);
  const again = random.int(400, 900);
  return story
    .fetched(again, outsider)
    .opened(again + 0.4, outsider, "failed")
    .failed(again + 0.4, "attempt.reuse", outsider, "already-used");
}

import type { Prisma } from "../../lib/generated/prisma/client";
import { keyedHash } from "../../lib/security/secrets";
import { AttemptStory, type TimedEvents } from "./attempt-story";
import { demoPeople, device, USER_AGENTS, type DemoPerson } from "./demo-people";
import { everydaySignIn } from "./everyday-sign-ins";
import { burstFromOneIp, codeGuessing, forwardedLink, mailBombing } from "./incidents";
import { demoId, randomHex, type SeededRandom } from "./random";

export const ADMIN_EMAIL = "admin@example.com";
const DAY = 86_400_000;

export interface DemoHistory {
  users: Prisma.UserCreateManyInput[];
  stories: AttemptStory[];
  /** Events that belong to no attempt (rate-limited requests). */
  loose: TimedEvents[];
  sessions: Prisma.SessionCreateManyInput[];
}

/**
 * Four weeks of sign-ins ending at `now`: everyday traffic plus the incidents worth finding.
 * Accounts that already exist (`existingIds`, by address) keep their ids, so a developer's own
 * sign-ins as admin@example.com join the history instead of colliding with it.
 */
export function demoHistory(
  now: Date,
  random: SeededRandom,
  peopleCount = 120,
  existingIds: ReadonlyMap<string, string> = new Map(),
): DemoHistory {
  const admin: DemoPerson = {
    email: ADMIN_EMAIL,
    laptop: device(USER_AGENTS.firefoxLinux, "198.51.100.20"),
    phone: device(USER_AGENTS.safariIphone, "100.70.4.9"),
    rate: 3,
    scannedBy: null,
  };
  const people = [admin, ...demoPeople(random, peopleCount)];
  const users = people.map((person, index) => {
    const createdAt = new Date(now.getTime() - random.int(35, 400) * DAY - random.int(0, 86_399) * 1000);
    return {
      id: existingIds.get(person.email) ?? demoId(),
      email: person.email,
      role: index === 0 ? ("ADMIN" as const) : ("USER" as const),
      createdAt,
      emailVerified: createdAt,
    };
  });
  const userOf = (person: DemoPerson) => users[people.indexOf(person)].id;
  const stories: AttemptStory[] = [];
  const loose: TimedEvents[] = [];

  people.forEach((person) => {
    const signIns = Math.round(person.rate * 4 * (0.7 + random.next() * 0.6));
    for (let count = 0; count < signIns; count++) {
      // Retry the odd story that would still be unfolding now: nothing may happen in the future.
      for (let tries = 0; tries < 5; tries++) {
        const made = everydaySignIn(person, userOf(person), requestTime(now, random), random);
        if (made.every((story) => story.lastAt.getTime() < now.getTime() - 60_000)) {
          stories.push(...made);
          break;
        }
      }
    }
  });

  const at = (daysAgo: number, hour: number, minute: number) =>
    new Date(Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY + (hour * 60 + minute) * 60_000);
  const burst = burstFromOneIp(at(6, 3, 12), people.slice(1), random);
  const bombing = mailBombing(people[4], userOf(people[4]), at(4, 14, 5), random);
  stories.push(
    ...burst.stories,
    ...bombing.stories,
    ...codeGuessing(people[1], userOf(people[1]), at(3, 1, 40), random),
    forwardedLink(people[3], userOf(people[3]), at(1, 20, 30), random),
  );
  loose.push(...burst.refused, ...bombing.refused);
  // The admin signs in from a hotel on a phone never used before.
  const hotel = device(USER_AGENTS.safariIphone, "81.169.145.22");
  const trip = new AttemptStory(ADMIN_EMAIL, users[0].id as string, hotel, at(2, 22, 14)).sent(2);
  stories.push(trip.fetched(40, hotel).opened(40.4, hotel, "redeem-here").redeemed(40.6, hotel, "same-browser"));

  return { users, stories, loose, sessions: startSessions(stories, now, random) };
}

/** Weekdays busier than weekends, office hours busier than nights (UTC). */
function requestTime(now: Date, random: SeededRandom): Date {
  for (;;) {
    // Whole seconds, so a click's sub-second steps show the same second everywhere.
    const candidate = new Date(Math.floor((now.getTime() - random.next() * 28 * DAY) / 1000) * 1000);
    const hour = candidate.getUTCHours();
    const weekend = [0, 6].includes(candidate.getUTCDay());
    const keep = (hour >= 7 && hour <= 19 ? 1 : 0.25) * (weekend ? 0.45 : 1);
    if (random.chance(keep) && candidate.getTime() < now.getTime() - 20 * 60_000) return candidate;
  }
}

/** A session.created event for every sign-in; the latest per user in the last six days is still live. */
function startSessions(stories: AttemptStory[], now: Date, random: SeededRandom): Prisma.SessionCreateManyInput[] {
  const live = new Map<string, Prisma.SessionCreateManyInput>();
  for (const story of stories) {
    if (!story.sessionAt || !story.sessionDevice || !story.userId || story.sessionAt > now) continue;
    const tokenHash = keyedHash("session", randomHex(32));
    const amr = story.row.redeemedVia === "code" ? ["code"] : ["email"];
    const device = story.sessionDevice;
    story.add(story.sessionAt, {
      type: "session.created",
      attemptId: story.id,
      userId: story.userId,
      sessionHash: tokenHash,
      ip: device.ip,
      userAgent: device.userAgent,
      deviceHash: device.deviceHash,
      outcome: "success",
      details: { amr },
    });
    if (now.getTime() - story.sessionAt.getTime() > 6 * DAY) continue;
    const previous = live.get(story.userId);
    if (previous && (previous.createdAt as Date) > story.sessionAt) continue;
    live.set(story.userId, {
      id: demoId(),
      tokenHash,
      userId: story.userId,
      createdAt: story.sessionAt,
      authTime: story.sessionAt,
      amr,
      expires: new Date(story.sessionAt.getTime() + 30 * DAY),
      lastSeenAt: new Date(Math.min(now.getTime() - 60_000, story.sessionAt.getTime() + random.int(60, 36 * 3600) * 1000)),
      ip: device.ip,
      userAgent: device.userAgent,
      deviceHash: device.deviceHash,
      attemptId: story.id,
    });
  }
  return [...live.values()];
}

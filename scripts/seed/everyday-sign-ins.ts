import { AttemptStory } from "./attempt-story";
import { device, sameNetwork, type DemoPerson, type Device } from "./demo-people";
import type { SeededRandom } from "./random";

/**
 * The ordinary life of one sign-in, drawn from a realistic mix: most people click the link
 * in the browser that asked within a minute or two; some type the code, approve from their
 * phone, click too late, ask twice, or meet a mail server having a bad day. Mail security
 * scanners fetch the links of the people whose company uses one.
 */
export function everydaySignIn(person: DemoPerson, userId: string, requestedAt: Date, random: SeededRandom): AttemptStory[] {
  const onPhone = random.chance(0.12);
  const home: Device = onPhone
    ? person.phone
    : { ...person.laptop, ip: random.chance(0.2) ? sameNetwork(person.laptop.ip, random) : person.laptop.ip };
  const roll = random.next();

  if (roll < 0.07) {
    // Asked twice: the first link is superseded by the second, which is used.
    const first = new AttemptStory(person.email, userId, home, requestedAt).sent(random.int(1, 4));
    const secondAt = first.after(random.int(40, 240));
    first.close((secondAt.getTime() - requestedAt.getTime()) / 1000, "SUPERSEDED", "superseded");
    const second = new AttemptStory(person.email, userId, home, secondAt);
    // Recorded in the same write as the new request, before it, as request-sign-in does.
    second.items[0].events.unshift({
      type: "attempt.superseded",
      attemptId: first.id,
      userId,
      outcome: "info",
      reason: "a newer link was requested",
      details: { supersededBy: second.id },
    });
    return [first, clickThrough(second, person, home, random)];
  }

  const story = new AttemptStory(person.email, userId, home, requestedAt);
  if (roll < 0.095) {
    // The mail server refused twice, then took it on the third try.
    story.deliveryFailed(2, 1, true).deliveryFailed(6, 2, true);
    if (random.chance(0.8)) return [clickThrough(story.sent(14, 3), person, home, random, 14)];
    return [story.deliveryFailed(30, 3, true)];
  }
  const sentAfter = random.int(1, 4);
  story.sent(sentAfter);
  scannerFetch(story, person, sentAfter, random);

  if (roll < 0.17) return [story]; // never clicked: expires unused
  if (roll < 0.21) {
    // Clicked long after the ten minutes.
    const late = random.int(12 * 60, 3 * 3600);
    return [
      story
        .fetched(late, home)
        .opened(late + 0.4, home, "failed")
        .failed(late + 0.4, "attempt.expired_use", home, "expired"),
    ];
  }
  if (roll < 0.29) {
    // Typed the code instead (a typo now and then).
    let at = sentAfter + random.delaySeconds(50);
    if (random.chance(0.25)) {
      story.row.codeFailures = 1;
      story.failed(at, "code.failed", home, "wrong code");
      at += random.int(5, 20);
    }
    return [story.redeemed(at, home, "code")];
  }
  if (roll < 0.365) return [crossDevice(story, person, home, sentAfter, random, random.chance(0.2))];
  const redeemed = clickThrough(story, person, home, random, sentAfter);
  if (roll < 0.385) {
    // Clicked again later from another device: the link had done its job.
    const again = random.int(300, 7200);
    redeemed
      .fetched(again, person.phone)
      .opened(again + 0.4, person.phone, "failed")
      .failed(again + 0.4, "attempt.reuse", person.phone, "already-used");
  }
  return [redeemed];
}

function scannerFetch(story: AttemptStory, person: DemoPerson, sentAfter: number, random: SeededRandom): void {
  if (!person.scannedBy) return;
  const scanner = device(person.scannedBy.userAgent, `${person.scannedBy.network}.${random.int(0, 255)}.${random.int(1, 254)}`);
  story.fetched(sentAfter + random.int(3, 40), scanner, person.scannedBy.method, false);
}

/** Opened in the browser that asked: fetch, open, redeem a second later. */
export function clickThrough(
  story: AttemptStory,
  person: DemoPerson,
  home: Device,
  random: SeededRandom,
  sentAfter?: number,
): AttemptStory {
  let sentAt = sentAfter;
  if (sentAt === undefined) {
    sentAt = random.int(1, 4);
    story.sent(sentAt);
    scannerFetch(story, person, sentAt, random);
  }
  const click = sentAt + Math.min(random.delaySeconds(45, 1.3), 9 * 60);
  // The landing page opens and redeems within a second of loading (same browser, no click needed).
  return story
    .fetched(click, home)
    .opened(click + 0.4, home, "redeem-here")
    .redeemed(click + 0.6, home, "same-browser");
}

/** Asked on the laptop, opened on the phone, approved by number matching; the laptop signs in. */
export function crossDevice(
  story: AttemptStory,
  person: DemoPerson,
  laptop: Device,
  sentAfter: number,
  random: SeededRandom,
  wrongNumber: boolean,
): AttemptStory {
  const phone = person.phone;
  const open = sentAfter + random.delaySeconds(60);
  story.fetched(open, phone).opened(open + 0.4, phone, "approve-for-original");
  story.add(story.after(open + 0.4), { type: "crossdevice.requested", ...story.context(phone), outcome: "info" });
  Object.assign(story.row, {
    status: "AWAITING_APPROVAL",
    approvalRequestedAt: story.after(open + 0.4),
    approvalNumber: random.int(10, 99),
  });
  const pick = open + random.int(4, 15);
  Object.assign(story.row, { approverIp: phone.ip, approverUserAgent: phone.userAgent });
  if (wrongNumber) {
    story.add(story.after(pick), {
      type: "crossdevice.denied",
      ...story.context(phone),
      outcome: "failure",
      reason: "wrong number picked",
      details: { picked: random.int(10, 99) },
    });
    return story.close(pick, "CANCELLED", "wrong-number");
  }
  story.row.approvedAt = story.after(pick);
  story.add(story.after(pick), { type: "crossdevice.approved", ...story.context(phone), outcome: "success" });
  return story.redeemed(pick + random.int(1, 3), laptop, "cross-device-approval");
}

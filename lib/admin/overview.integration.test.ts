import { randomBytes, randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordEvents, type AuditEventInput } from "@/lib/audit/record-events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { loadOverview, type Overview } from "./overview";

// A whole hour far from every other test's data, different on each run (events cannot be deleted).
const NOW = new Date(Date.UTC(2031, 0, 1) + randomInt(0, 400_000) * 3_600_000);
const ago = (minutes: number, plusSeconds = 0) => new Date(NOW.getTime() - minutes * 60_000 + plusSeconds * 1000);
const tag = randomBytes(4).toString("hex");

async function attempt(name: string, requestedAt: Date, data: Partial<Prisma.LoginAttemptUncheckedCreateInput> = {}) {
  return db.loginAttempt.create({
    data: {
      email: `${name}-${tag}@overview.test`,
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash: `binding-${name}-${tag}`,
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + 10 * 60_000),
      ...data,
    },
  });
}

async function event(type: AuditEventInput["type"], at: Date, attemptId: string | null, details: Record<string, unknown> = {}) {
  await recordEvents(db, [{ type, attemptId, outcome: "info", details }], at);
}

let overview: Overview;

beforeAll(async () => {
  const sent = (requestedAt: Date, seconds: number) => new Date(requestedAt.getTime() + seconds * 1000);
  // A1: scanner fetch, then the person; signed in. Send → click 60 s.
  const a1Time = ago(600);
  const a1 = await attempt("a1", a1Time, {
    status: "REDEEMED",
    sentAt: sent(a1Time, 2),
    openedAt: sent(a1Time, 62),
    redeemedAt: sent(a1Time, 63),
    firstFetchedAt: sent(a1Time, 20),
  });
  await event("link.fetched", sent(a1Time, 20), a1.id, { likelyScanner: true, scannerName: "Microsoft Safe Links" });
  await event("link.fetched", sent(a1Time, 61), a1.id, { likelyScanner: false });
  await event("session.created", sent(a1Time, 64), a1.id);
  await event("email.delivered", sent(a1Time, 4), a1.id, { provider: "ses" });
  // A2: signed in, send → click 120 s, elevated risk.
  const a2Time = ago(300);
  const a2 = await attempt("a2", a2Time, {
    status: "REDEEMED",
    riskLevel: "ELEVATED",
    riskScore: 35,
    sentAt: sent(a2Time, 3),
    openedAt: sent(a2Time, 123),
    redeemedAt: sent(a2Time, 124),
  });
  await event("session.created", sent(a2Time, 125), a2.id);
  await event("session.created", sent(a2Time, 126), a2.id); // a second session event for one attempt counts once
  // A3: redeemed, send → click 30 s, but the session never started.
  const a3Time = ago(180);
  await attempt("a3", a3Time, { status: "REDEEMED", sentAt: sent(a3Time, 1), openedAt: sent(a3Time, 31), redeemedAt: sent(a3Time, 32) });
  // A10: signed in with the code: never opened the link, still reached the next step.
  const a10Time = ago(400);
  const a10 = await attempt("a10", a10Time, {
    status: "REDEEMED",
    redeemedVia: "code",
    sentAt: sent(a10Time, 2),
    redeemedAt: sent(a10Time, 50),
  });
  await event("session.created", sent(a10Time, 51), a10.id);
  // A4: sent, never opened, expired. A5: sent, still open.
  await attempt("a4", ago(120), { sentAt: ago(120, 2) });
  await attempt("a5", ago(5), { sentAt: ago(5, 2) });
  // A6: delivery failed and expired; one email.failed event.
  const a6 = await attempt("a6", ago(60), { status: "DELIVERY_FAILED", deliveryStatus: "FAILED" });
  await event("email.failed", ago(60, 5), a6.id);
  // Two more tries of A6, now told apart: a temporary failure, then a permanent refusal.
  await event("email.failed", ago(60, 7), a6.id, { failure: "temporary", willRetry: true });
  await event("email.failed", ago(60, 9), a6.id, { failure: "permanent", willRetry: false });
  // A4's email bounced (provider feedback); A7's was never sent, its link superseded first.
  await event("email.bounced", ago(119), null, { bounce: "hard" });
  await event("email.skipped", ago(239), null, { skipped: "link-superseded" });
  // A7 superseded; A8 cancelled after three wrong codes, HIGH risk; an expired use.
  await attempt("a7", ago(240), { status: "SUPERSEDED", sentAt: ago(240, 1) });
  const a8 = await attempt("a8", ago(90), { status: "CANCELLED", riskLevel: "HIGH", riskScore: 70, sentAt: ago(90, 1), codeFailures: 3 });
  for (const seconds of [30, 40, 50]) await event("code.failed", ago(90, seconds), a8.id);
  await event("attempt.expired_use", ago(30), a8.id);
  // Rate-limited requests: two inside, one outside.
  await event("attempt.rate_limited", ago(45), null);
  await event("attempt.rate_limited", ago(44), null);
  await event("attempt.rate_limited", ago(25 * 60), null);
  // A9: outside the window entirely, with a scanner fetch and a session.
  const a9 = await attempt("a9", ago(25 * 60), { status: "REDEEMED", sentAt: ago(25 * 60, 1), openedAt: ago(25 * 60, 9) });
  await event("link.fetched", ago(25 * 60, 5), a9.id, { likelyScanner: true });
  await event("session.created", ago(25 * 60, 10), a9.id);

  overview = await loadOverview("24h", NOW);
});

describe("Overview figures match the raw data", () => {
  it("funnel, conversion and median time from send to click", () => {
    expect(overview.funnel).toEqual({ requested: 9, sent: 8, delivered: 1, opened: 4, sessions: 3 });
    expect(overview.conversion).toBeCloseTo(3 / 9, 10);
    expect(overview.medianSendToClickSeconds).toBe(60);
  });

  it("final outcomes and risk levels of the window's attempts", () => {
    expect(overview.outcomes).toEqual({
      redeemed: 4,
      expiredUnused: 2,
      superseded: 1,
      cancelled: 1,
      locked: 0,
      deliveryFailed: 0,
      stillOpen: 1,
    });
    expect(overview.risk).toEqual({ elevated: 1, high: 1 });
  });

  it("failures by reason, scanner share and rate-limited requests count only the window's events", () => {
    expect(overview.failures.map(({ type, count }) => [type, count])).toEqual([
      ["code.failed", 3],
      ["attempt.expired_use", 1],
      ["email.bounced", 1],
      ["email.failed", 1],
      ["email.failed:permanent", 1],
      ["email.failed:temporary", 1],
      ["email.skipped", 1],
    ]);
    expect(overview.failures.find((failure) => failure.type === "email.failed:permanent")?.label).toBe("Email refused for good (SMTP 5xx)");
    expect(overview.fetches).toEqual({ total: 2, byScanner: 1, scannerShare: 0.5 });
    expect(overview.rateLimited).toBe(2);
  });

  it("hourly series cover the window and add up to the totals", () => {
    expect(overview.series).toHaveLength(24);
    expect(overview.series[0].bucket).toBe(ago(24 * 60).toISOString());
    const sum = (key: keyof Overview["series"][number]) => overview.series.reduce((total, point) => total + Number(point[key]), 0);
    expect({
      requested: sum("requested"),
      sent: sum("sent"),
      opened: sum("opened"),
      sessions: sum("sessions"),
      rateLimited: sum("rateLimited"),
      scannerFetches: sum("scannerFetches"),
    }).toEqual({
      requested: 9,
      sent: 8,
      opened: 4,
      sessions: 3,
      rateLimited: 2,
      scannerFetches: 1,
    });
    const a1Bucket = overview.series.find((point) => point.bucket === ago(600).toISOString());
    expect(a1Bucket).toMatchObject({ requested: 1, sessions: 1, scannerFetches: 1 });
  });

  it("an empty window gives zeros and no ratios", async () => {
    const empty = await loadOverview("24h", new Date(NOW.getTime() - 400 * 24 * 3_600_000));
    expect(empty.funnel).toEqual({ requested: 0, sent: 0, delivered: 0, opened: 0, sessions: 0 });
    expect(empty.conversion).toBeNull();
    expect(empty.medianSendToClickSeconds).toBeNull();
    expect(empty.fetches.scannerShare).toBeNull();
  });
});

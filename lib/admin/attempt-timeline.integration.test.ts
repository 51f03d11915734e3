import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordEvents } from "../audit/record-events";
import { newId } from "../security/ids";
import { loadAttemptTimeline } from "./attempt-timeline";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("loadAttemptTimeline", () => {
  it("returns the attempt with its account, every event in chain order with its details, and the devices", async () => {
    const user = await db.user.create({
      data: { email: `timeline-${randomBytes(4).toString("hex")}@example.com`, lockedAt: new Date("2026-01-02T03:04:05Z") },
    });
    const requestedAt = new Date("2026-01-01T10:00:00Z");
    const attempt = await db.loginAttempt.create({
      data: {
        id: newId(),
        email: user.email,
        userId: user.id,
        linkTokenHash: randomBytes(32).toString("hex"),
        codeHash: "x",
        bindingHash: "binding-hash-1234",
        requestedAt,
        expiresAt: new Date(requestedAt.getTime() + 600_000),
        status: "REDEEMED",
        redeemedAt: new Date(requestedAt.getTime() + 30_000),
        requestIp: "203.0.113.7",
        requestUserAgent: FIREFOX,
        redeemIp: "203.0.113.7",
        redeemUserAgent: FIREFOX,
      },
    });
    const at = (seconds: number) => new Date(requestedAt.getTime() + seconds * 1000);
    await recordEvents(
      db,
      [{ type: "attempt.requested", attemptId: attempt.id, ip: "203.0.113.7", userAgent: FIREFOX, outcome: "info" }],
      at(0),
    );
    await recordEvents(
      db,
      [
        {
          type: "link.fetched",
          attemptId: attempt.id,
          ip: "40.94.1.1",
          userAgent: "Scanner",
          details: { likelyScanner: true, scannerName: "Microsoft Safe Links" },
        },
      ],
      at(5),
    );
    await recordEvents(
      db,
      [{ type: "attempt.redeemed", attemptId: attempt.id, ip: "203.0.113.7", userAgent: FIREFOX, deviceHash: "binding-hash-1234" }],
      at(30),
    );

    const timeline = await loadAttemptTimeline(attempt.id);

    expect(timeline?.attempt).toMatchObject({
      id: attempt.id,
      user: { id: user.id, email: user.email, lockedAt: new Date("2026-01-02T03:04:05Z") },
    });
    // Read with plain SQL, the attempt is exactly what Prisma's model API returns.
    expect({ ...timeline!.attempt, user: undefined }).toEqual({
      ...(await db.loginAttempt.findUnique({ where: { id: attempt.id } })),
      user: undefined,
    });
    expect(timeline?.entries.map((entry) => [entry.type, entry.offset, entry.at.toISOString()])).toEqual([
      ["attempt.requested", "+0 s", at(0).toISOString()],
      ["link.fetched", "+5 s", at(5).toISOString()],
      ["attempt.redeemed", "+30 s", at(30).toISOString()],
    ]);
    expect(Number(timeline?.entries[1].seq)).toBeGreaterThan(Number(timeline?.entries[0].seq));
    expect(timeline?.entries[1].text).toContain("Microsoft Safe Links");
    expect(timeline?.summary).toBeDefined();
    expect(timeline?.devices.find((device) => device.role === "Signed in from")).toMatchObject({
      device: "Firefox on Linux",
      note: "the requesting browser",
    });
  });

  it("returns null for an unknown or malformed id, and an attempt without an account has none", async () => {
    expect(await loadAttemptTimeline("nosuchattempt")).toBeNull();
    expect(await loadAttemptTimeline("'; DROP TABLE x")).toBeNull();
    const requestedAt = new Date();
    const attempt = await db.loginAttempt.create({
      data: {
        id: newId(),
        email: "nobody@example.com",
        linkTokenHash: randomBytes(32).toString("hex"),
        codeHash: "x",
        bindingHash: "b",
        requestedAt,
        expiresAt: new Date(requestedAt.getTime() + 600_000),
      },
    });
    const timeline = await loadAttemptTimeline(attempt.id);
    expect(timeline?.attempt.user).toBeNull();
    expect(timeline?.entries).toEqual([]);
  });
});

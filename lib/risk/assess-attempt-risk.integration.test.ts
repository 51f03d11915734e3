import { randomBytes, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordEvents, type AuditEventInput } from "@/lib/audit/record-events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { keyedHash } from "@/lib/security/secrets";
import { assessAttemptRisk } from "./assess-attempt-risk";
import { USER_AGENTS } from "./signals/sample-risk-input";

// Each run gets its own addresses, network and hour: audit events stay in the database for good.
const run = randomBytes(3).toString("hex");
const net = `10.${randomInt(0, 255)}.${randomInt(0, 255)}`;
const T0 = new Date(Date.UTC(2032, 0, 1) + randomInt(0, 200_000) * 3_600_000);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const email = (label: string) => `${label}-${run}@risk.test`;

async function attempt(data: Partial<Prisma.LoginAttemptUncheckedCreateInput> & { email: string }) {
  return db.loginAttempt.create({
    data: {
      linkTokenHash: randomBytes(32).toString("hex"),
      codeHash: "x",
      bindingHash: `binding-${randomBytes(4).toString("hex")}`,
      requestIp: `${net}.7`,
      requestUserAgent: USER_AGENTS.firefoxLinux,
      requestedAt: T0,
      expiresAt: at(600),
      ...data,
    },
  });
}

/** Appends crafted events one after another, so their order in the chain is the order given. */
async function events(list: Array<[number, AuditEventInput]>) {
  for (const [seconds, event] of list) await recordEvents(db, [event], at(seconds));
}

describe("assessAttemptRisk on crafted histories", () => {
  it("scores a quiet same-browser sign-in LOW and records the assessment", async () => {
    const user = await db.user.create({ data: { email: email("quiet") } });
    const a = await attempt({
      email: user.email,
      userId: user.id,
      status: "REDEEMED",
      redeemedAt: at(40),
      redeemIp: `${net}.7`,
      redeemUserAgent: USER_AGENTS.firefoxLinux,
      bindingHash: "quiet-device",
    });
    await events([[40, { type: "attempt.redeemed", attemptId: a.id, deviceHash: "quiet-device" }]]);
    const assessment = await assessAttemptRisk(a.id, at(60));
    expect(assessment).toMatchObject({ level: "LOW", score: 0 });
    const stored = await db.loginAttempt.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored).toMatchObject({ riskLevel: "LOW", riskScore: 0, riskReasons: [] });
    const assessed = await db.auditEvent.findMany({ where: { attemptId: a.id, type: "risk.assessed" } });
    expect(assessed).toHaveLength(1);
    expect(assessed[0].details).toEqual({ level: "LOW", score: 0, signals: [] });
    expect(await db.alert.count({ where: { attemptId: a.id } })).toBe(0);
  });

  it("raises one alert and one owner notice for a HIGH admin sign-in, however often it is assessed", async () => {
    const admin = await db.user.create({ data: { email: email("admin"), role: "ADMIN" } });
    await events([[-86_400, { type: "session.created", userId: admin.id, deviceHash: "known-laptop" }]]);
    const a = await attempt({
      email: admin.email,
      userId: admin.id,
      status: "REDEEMED",
      redeemedAt: at(50),
      redeemedVia: "other-device-confirmed",
      redeemIp: "198.51.100.9",
      redeemUserAgent: USER_AGENTS.chromeWindows,
    });
    await events([
      [50, { type: "attempt.redeemed", attemptId: a.id, userId: admin.id, deviceHash: "stranger-browser" }],
      [
        51,
        {
          type: "session.created",
          attemptId: a.id,
          userId: admin.id,
          deviceHash: "stranger-browser",
          userAgent: USER_AGENTS.chromeWindows,
        },
      ],
    ]);
    const first = await assessAttemptRisk(a.id, at(60));
    expect(first?.level).toBe("HIGH");
    expect(first?.signals.map((s) => s.signal)).toEqual(["new-admin-device", "different-network", "different-browser"]);
    await assessAttemptRisk(a.id, at(70));

    const stored = await db.loginAttempt.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored).toMatchObject({ riskLevel: "HIGH", riskScore: 70 });
    expect(await db.alert.findMany({ where: { attemptId: a.id } })).toMatchObject([
      { kind: "high-risk-attempt", severity: "HIGH", userId: admin.id },
    ]);
    const notices = await db.emailOutbox.findMany({ where: { to: admin.email, kind: "notice" } });
    expect(notices).toHaveLength(1);
    expect(notices[0].attemptId).toBeNull();
    const types = (await db.auditEvent.findMany({ where: { attemptId: a.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["attempt.redeemed", "session.created", "risk.assessed", "alert.raised", "email.queued", "risk.assessed"]);
  });

  it("sees a burst of addresses from one IP and raises one burst alert", async () => {
    const burstIp = `${net}.66`;
    const made = [];
    for (let index = 0; index < 21; index++) {
      made.push(
        await attempt({
          email: email(`burst${index}`),
          requestIp: burstIp,
          requestedAt: at(index * 30),
          bindingHash: `burst-device-${run}`,
        }),
      );
    }
    const last = made[made.length - 1];
    const assessment = await assessAttemptRisk(last.id, at(700));
    expect(assessment?.signals.map((s) => [s.signal, s.weight])).toEqual([
      ["many-addresses-from-ip", 45],
      ["many-addresses-from-device", 40],
    ]);
    expect(assessment?.level).toBe("HIGH");
    await assessAttemptRisk(made[made.length - 2].id, at(700));
    const burstAlerts = await db.alert.findMany({ where: { kind: "burst-ip", details: { path: ["subject"], equals: burstIp } } });
    expect(burstAlerts).toHaveLength(1);
    expect(burstAlerts[0]).toMatchObject({
      severity: "HIGH",
      details: { reason: "Requests for 21 different addresses came from " + burstIp + " within an hour." },
    });
    // Volume alone: the burst alert covers these attempts; no alert per attempt.
    expect(await db.alert.count({ where: { kind: "high-risk-attempt", attemptId: { in: made.map((a) => a.id) } } })).toBe(0);
    // Nothing was redeemed, so nobody is notified.
    expect(await db.emailOutbox.count({ where: { to: last.email } })).toBe(0);
  });

  it("counts rate-limited requests for the address, wrong codes and reuse from the trail", async () => {
    const address = email("guessing");
    const a = await attempt({ email: address, status: "CANCELLED", codeFailures: 5 });
    const emailHash = keyedHash("email", address).slice(0, 16);
    await events([
      ...Array.from({ length: 6 }, (_, index): [number, AuditEventInput] => [
        -600 + index,
        { type: "attempt.rate_limited", details: { limit: "email", emailHash } },
      ]),
      [100, { type: "code.failed", attemptId: a.id }],
      [200, { type: "attempt.reuse", attemptId: a.id, ip: "192.0.2.44" }],
    ]);
    const assessment = await assessAttemptRisk(a.id, at(300));
    expect(Object.fromEntries(assessment!.signals.map((s) => [s.signal, s.weight]))).toEqual({
      "code-guessing": 40,
      "link-reuse": 40,
      "many-requests-for-address": 15,
    });
    expect(assessment?.signals.find((s) => s.signal === "many-requests-for-address")?.reason).toBe(
      "7 sign-in requests for this address within an hour (6 refused by rate limits).",
    );
  });

  it("ignores what happened after the assessment's clock", async () => {
    const a = await attempt({ email: email("clock") });
    await events([[900, { type: "attempt.reuse", attemptId: a.id }]]);
    expect(await assessAttemptRisk(a.id, at(300))).toMatchObject({ level: "LOW", score: 0 });
    expect((await assessAttemptRisk(a.id, at(1_000)))?.signals.map((s) => s.signal)).toEqual(["link-reuse"]);
  });

  it("returns null for an unknown attempt", async () => {
    expect(await assessAttemptRisk("doesnotexist000000000")).toBeNull();
  });
});

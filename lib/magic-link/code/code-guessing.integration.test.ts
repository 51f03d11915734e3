import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decrypt, keyedHash } from "@/lib/security/secrets";
import type { OutboxPayload } from "@/lib/mail/outbox";
import { endStreak, extendStreak, streakKey, streakLength } from "@/lib/rate-limit/code-failure-streak";
import { requestSignIn } from "../request/request-sign-in";
import { enterCode } from "./enter-code";
import { reserveCodeTry } from "./reserve-code-try";

function browser() {
  const octet = () => 1 + (randomBytes(1)[0] % 250);
  return {
    ip: `203.0.${octet()}.${octet()}`,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
    deviceHash: keyedHash("binding", randomBytes(32).toString("base64url")),
    method: "POST",
  };
}

async function issued() {
  const email = `guess-${randomBytes(5).toString("hex")}@example.com`;
  const device = browser();
  const outcome = await requestSignIn({ email, callbackPath: "/account" }, device);
  if (!outcome.issued) throw new Error("not issued");
  const row = await db.emailOutbox.findFirstOrThrow({ where: { attemptId: outcome.attemptId } });
  const payload = JSON.parse(decrypt(row.payload!)) as Extract<OutboxPayload, { kind: "magic-link" }>;
  return { email, device, attemptId: outcome.attemptId, code: payload.code };
}

const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, "0");

describe("guesses take their place before they are judged", () => {
  it("however many guesses race, at most codeMaxTries tries are handed out", async () => {
    const sign = await issued();
    const tries = await Promise.all(
      Array.from({ length: 20 }, () =>
        reserveCodeTry({ id: sign.attemptId, email: sign.email }, { codeMaxTries: 5, streakCap: 100 }, new Date()),
      ),
    );
    expect(
      tries
        .filter((held) => held.ok)
        .map((held) => held.ok && held.tryNumber)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(tries.filter((held) => !held.ok)).toHaveLength(15);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({ codeFailures: 5 });
  });

  it("the streak cap is exact under concurrency, and a right code ends the streak", async () => {
    const key = streakKey.stepUpCode(`user-${randomBytes(4).toString("hex")}`);
    const places = await Promise.all(Array.from({ length: 12 }, () => extendStreak(key, 5, new Date())));
    expect(places.filter((place) => place !== null).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await streakLength(key)).toBe(5);
    await endStreak(db, key);
    expect(await streakLength(key)).toBe(0);
  });

  it("a right code after wrong ones signs in, gives back its try and ends the address's streak", async () => {
    const sign = await issued();
    expect(await enterCode(sign.attemptId, wrong(sign.code), sign.device)).toEqual({ ok: false, reason: "wrong-code", triesLeft: 4 });
    expect(await streakLength(streakKey.signInCode(sign.email))).toBe(1);
    const result = await enterCode(sign.attemptId, sign.code, sign.device);
    expect(result.ok).toBe(true);
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({
      status: "REDEEMED",
      codeFailures: 1,
    });
    expect(await streakLength(streakKey.signInCode(sign.email))).toBe(0);
  });

  it("an address at the streak cap gets no try at all, not even with the right code", async () => {
    const sign = await issued();
    await db.codeFailureStreak.create({ data: { key: streakKey.signInCode(sign.email), failures: 100, updatedAt: new Date() } });
    expect(await enterCode(sign.attemptId, sign.code, sign.device)).toEqual({ ok: false, reason: "codes-locked", triesLeft: 0 });
    expect(await db.loginAttempt.findUniqueOrThrow({ where: { id: sign.attemptId } })).toMatchObject({
      status: "PENDING",
      codeFailures: 0,
    });
  });

  it("the guess that reaches the cap switches codes off, tells the owner and alerts the admins", async () => {
    const sign = await issued();
    await db.codeFailureStreak.create({ data: { key: streakKey.signInCode(sign.email), failures: 99, updatedAt: new Date() } });
    expect(await enterCode(sign.attemptId, wrong(sign.code), sign.device)).toMatchObject({ ok: false, reason: "wrong-code" });
    const events = await db.auditEvent.findMany({ where: { attemptId: sign.attemptId }, select: { type: true } });
    expect(events.map((event) => event.type)).toContain("account.codes_switched_off");
    expect(await db.alert.count({ where: { kind: "code-guessing", attemptId: sign.attemptId } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { to: sign.email, kind: "notice" } })).toBe(1);
  });
});

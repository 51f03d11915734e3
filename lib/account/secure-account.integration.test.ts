import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hashSessionToken } from "@/lib/auth/session-store";
import { decrypt } from "@/lib/security/secrets";
import { queueNewDeviceNotice } from "./new-device-notice";
import { secureAccountFromNotice } from "./secure-account";

const facts = { ip: "198.51.100.9", userAgent: "integration", deviceHash: null, method: "POST" };
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const address = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.com`;

/** An account that signed in from one browser, then a session from `intruderDevice`, noticed as the adapter does. */
async function accountWithNewDeviceSignIn(at: Date) {
  const user = await db.user.create({ data: { email: address("secure") } });
  await db.knownDevice.create({
    data: { userId: user.id, deviceHash: "laptop", label: "Chrome on Linux", firstSeenAt: at, lastSignInAt: at },
  });
  const sessionHash = hashSessionToken(randomBytes(24).toString("hex"));
  await db.session.create({
    data: { tokenHash: sessionHash, userId: user.id, expires: new Date(at.getTime() + 86_400_000), amr: ["email"], deviceHash: "intruder" },
  });
  const decision = await db.$transaction((tx) =>
    queueNewDeviceNotice(
      tx,
      { userId: user.id, sessionHash, deviceHash: "intruder", userAgent: FIREFOX_ON_WINDOWS, ip: "2001:db8:7:1::5" },
      at,
    ),
  );
  expect(decision).toEqual({ notify: true, reason: "new-device" });
  // As rememberDevice does next in the same transaction.
  await db.knownDevice.create({
    data: { userId: user.id, deviceHash: "intruder", label: "Firefox on Windows", firstSeenAt: at, lastSignInAt: at },
  });
  const row = await db.emailOutbox.findFirstOrThrow({ where: { to: user.email }, orderBy: { createdAt: "desc" } });
  const payload = JSON.parse(decrypt(row.payload!)) as { subject: string; props: { paragraphs: string[]; action: { url: string } } };
  const url = new URL(payload.props.action.url);
  return { user, payload, noticeId: url.searchParams.get("notice")!, secret: url.hash.slice(1) };
}

describe("secureAccountFromNotice", () => {
  it("keeps only the secret's keyed hash and names the device and the /48 in the notice", async () => {
    const { user, payload, secret } = await accountWithNewDeviceSignIn(new Date());
    expect(payload.subject).toBe("New sign-in to Acme from Firefox on Windows");
    expect(payload.props.paragraphs[0]).toContain("network 2001:db8:7::/48");
    const stored = await db.signInNotice.findFirstOrThrow({ where: { userId: user.id } });
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it("works once when fifty clicks race", async () => {
    const { user, noticeId, secret } = await accountWithNewDeviceSignIn(new Date());
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => secureAccountFromNotice(noticeId, secret, facts)));
    expect(outcomes.filter((outcome) => outcome.ok)).toEqual([{ ok: true, sessionsEnded: 1, linksCancelled: 0 }]);
    expect(new Set(outcomes.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.code))).toEqual(
      new Set(["already-used"]),
    );
    expect(await db.alert.count({ where: { userId: user.id, kind: "owner-reported-sign-in" } })).toBe(1);
    // The reported browser is a stranger again; the owner's laptop stays known.
    const devices = await db.knownDevice.findMany({ where: { userId: user.id }, orderBy: { deviceHash: "asc" } });
    expect(devices.map((device) => [device.deviceHash, device.revokedAt !== null])).toEqual([
      ["intruder", true],
      ["laptop", false],
    ]);
  });

  it("refuses a link past its seven days, and changes nothing", async () => {
    const sentAt = new Date(Date.now() - 8 * 86_400_000);
    const { user, noticeId, secret } = await accountWithNewDeviceSignIn(sentAt);
    expect(await secureAccountFromNotice(noticeId, secret, facts)).toEqual({ ok: false, code: "expired" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockedAt).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a secret presented under another notice's id", async () => {
    const first = await accountWithNewDeviceSignIn(new Date());
    const second = await accountWithNewDeviceSignIn(new Date());
    expect(await secureAccountFromNotice(second.noticeId, first.secret, facts)).toEqual({ ok: false, code: "invalid-link" });
    expect((await db.user.findUniqueOrThrow({ where: { id: first.user.id } })).lockedAt).toBeNull();
  });
});

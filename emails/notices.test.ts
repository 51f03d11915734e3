import { describe, expect, it } from "vitest";
import { renderNotice } from "@/lib/mail/render-email";
import {
  adminAlertNotice,
  codeLockoutNotice,
  codesSwitchedOffNotice,
  stepUpGuessingNotice,
  unrequestedSignInNotice,
  emailChangeConfirm,
  emailChangedNotice,
  factorChangedNotice,
  repeatedRequestsNotice,
  riskySignInNotice,
  newDeviceSignInNotice,
  accountUnlockedNotice,
  accountLockedNotice,
  factorResetRequestedNotice,
  factorResetCancelledNotice,
  factorResetCompletedNotice,
  type Notice,
} from "./notices";

const at = new Date("2025-01-14T14:05:00Z");
const hostile = '<script>alert("x")</script>';

const all: Record<string, Notice> = {
  repeatedRequests: repeatedRequestsNotice({ appName: "Acme", count: 5, periodHours: 24, accountUrl: "https://app.example.com/account" }),
  codeLockout: codeLockoutNotice({ appName: "Acme", minutes: 60, accountUrl: "https://app.example.com/account" }),
  codesOffSignIn: codesSwitchedOffNotice({ appName: "Acme", kind: "sign-in", count: 100, accountUrl: "https://app.example.com/account" }),
  codesOffStepUp: codesSwitchedOffNotice({ appName: "Acme", kind: "step-up", count: 100, accountUrl: "https://app.example.com/account" }),
  unrequested: unrequestedSignInNotice({
    appName: "Acme",
    requester: "Chrome on Windows, 203.0.113.7",
    at,
    accountUrl: "https://app.example.com/account",
  }),
  stepUpGuessing: stepUpGuessingNotice({ appName: "Acme", minutes: 15, accountUrl: "https://app.example.com/account" }),
  adminAlert: adminAlertNotice({
    appName: "Acme",
    title: "An administrator added a first factor",
    detail: "admin@example.com set up an authenticator app.",
    alertsUrl: "https://app.example.com/admin/alerts",
  }),
  riskySignIn: riskySignInNotice({
    appName: "Acme",
    device: "Firefox on Linux",
    ip: "198.51.100.23",
    at,
    sessionsUrl: "https://app.example.com/account/sessions",
  }),
  newDeviceSignIn: newDeviceSignInNotice({
    appName: "Acme",
    device: "Firefox on Windows",
    network: "203.0.113.0/24",
    at,
    secureUrl: "https://app.example.com/secure-account?notice=abc#ghi789",
    expiresAt: new Date("2025-01-21T14:05:00Z"),
  }),
  accountLocked: accountLockedNotice({
    appName: "Acme",
    at,
    sessionsEnded: 2,
    recoverUrl: "https://app.example.com/secure-account/recover",
  }),
  accountUnlocked: accountUnlockedNotice({
    appName: "Acme",
    method: "recovery-code",
    at,
    device: "Firefox on Windows",
    network: "203.0.113.0/24",
    signInUrl: "https://app.example.com/signin",
  }),
  factorAdded: factorChangedNotice({
    appName: "Acme",
    change: "added",
    factor: "passkey",
    name: "Work laptop",
    at,
    securityUrl: "https://app.example.com/account/security",
  }),
  emailChangeConfirm: emailChangeConfirm({
    appName: "Acme",
    newEmail: "new@example.com",
    confirmUrl: "https://app.example.com/account/email/confirm#t=abc123",
    expiresAt: at,
  }),
  emailChanged: emailChangedNotice({
    appName: "Acme",
    oldEmail: "old@example.com",
    newEmail: "new@example.com",
    revertUrl: "https://app.example.com/account/email/revert#t=def456",
    at,
  }),
  factorResetRequested: factorResetRequestedNotice({
    appName: "Acme",
    adminEmail: "ops@example.com",
    reason: "Owner phoned from the number on file",
    requestedAt: at,
    effectiveAt: new Date("2025-01-15T14:05:00Z"),
    cancelUrl: "https://app.example.com/factor-reset?reset=abc#jkl012",
  }),
  factorResetCancelled: factorResetCancelledNotice({
    appName: "Acme",
    by: "owner",
    at,
    accountUrl: "https://app.example.com/account/security",
  }),
  factorResetCompleted: factorResetCompletedNotice({
    appName: "Acme",
    at,
    removed: "your authenticator app and 10 recovery codes",
    sessionsEnded: 1,
    signInUrl: "https://app.example.com/signin",
  }),
};

describe("notice builders", () => {
  it.each(Object.entries(all))("%s renders its action link, heading and a tag-free text part", async (_, notice) => {
    const { subject, html, text } = await renderNotice(notice);
    expect(subject).toBe(notice.subject);
    expect(html).toContain(notice.props.heading);
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(notice.props.action).toBeDefined();
    expect(html).toContain(`href="${notice.props.action!.url}"`);
    expect(text).toContain(notice.props.action!.url);
    expect(text).toContain(notice.props.footerReason);
  });

  it.each(Object.entries(all))("%s props survive the outbox's JSON round trip unchanged", (_, notice) => {
    expect(JSON.parse(JSON.stringify(notice))).toEqual(notice);
  });

  it("uses the agreed subjects", () => {
    expect(all.repeatedRequests.subject).toBe("Someone keeps asking for sign-in links");
    expect(all.riskySignIn.subject).toBe("New sign-in to your Acme account — was this you?");
    expect(all.emailChanged.subject).toBe("Your Acme email address was changed");
  });

  it("states when and from where a risky sign-in happened, in UTC", async () => {
    const { text } = await renderNotice(all.riskySignIn);
    expect(text).toContain("from Firefox on Linux (198.51.100.23) on Tue, 14 Jan 2025, 14:05 UTC.");
  });

  it("names the new device, its network, the time in UTC and the product, and says what the link does", async () => {
    expect(all.newDeviceSignIn.subject).toBe("New sign-in to Acme from Firefox on Windows");
    const { text } = await renderNotice(all.newDeviceSignIn);
    expect(text).toContain("from Firefox on Windows, network 203.0.113.0/24, on Tue, 14 Jan 2025, 14:05 UTC.");
    expect(text).toContain("signs out every session, cancels pending sign-in links and locks sign-in");
    expect(text).toContain("It works once, until Tue, 21 Jan 2025, 14:05 UTC.");
    expect(text).toContain("until you unlock it with your passkey, authenticator app or a recovery code, or your administrator unlocks it");
  });

  it("confirms the lock and points at the recovery page, which needs a factor", async () => {
    expect(all.accountLocked.subject).toBe("Your Acme account is locked");
    const { text } = await renderNotice(all.accountLocked);
    expect(text).toContain("we signed out 2 sessions, cancelled pending sign-in links and locked sign-in");
    expect(text).toContain("https://app.example.com/secure-account/recover");
    expect(text).toContain("This email alone cannot unlock anything.");
  });

  it("tells the owner how, when and where their account was unlocked, and what to do if it was not them", async () => {
    expect(all.accountUnlocked.subject).toBe("Your Acme account was unlocked");
    const { text } = await renderNotice(all.accountUnlocked);
    expect(text).toContain(
      "unlocked with one of your recovery codes on Tue, 14 Jan 2025, 14:05 UTC, from Firefox on Windows, network 203.0.113.0/24.",
    );
    expect(text).toContain("Nobody was signed in");
    expect(text).toContain("If this wasn't you, someone holds one of your factors");
  });

  it("describes factor changes in plain words", () => {
    expect(all.factorAdded.subject).toBe("A passkey was added to your Acme account");
    expect(all.factorAdded.props.paragraphs[0]).toBe(
      "A passkey named “Work laptop” was added to your account on Tue, 14 Jan 2025, 14:05 UTC.",
    );
    const removed = factorChangedNotice({
      appName: "Acme",
      change: "removed",
      factor: "authenticator app",
      at,
      securityUrl: "https://x.example/s",
    });
    expect(removed.subject).toBe("An authenticator app was removed from your Acme account");
    expect(removed.props.heading).toBe("Authenticator app removed");
    const recovery = factorChangedNotice({
      appName: "Acme",
      change: "removed",
      factor: "recovery code used",
      at,
      securityUrl: "https://x.example/s",
    });
    expect(recovery.subject).toBe("A recovery code was used on your Acme account");
  });

  it("gives the email-change link's expiry and both addresses", async () => {
    expect((await renderNotice(all.emailChangeConfirm)).text).toContain("expires at Tue, 14 Jan 2025, 14:05 UTC");
    const { text } = await renderNotice(all.emailChanged);
    expect(text).toContain("from old@example.com to new@example.com");
  });

  it("escapes user-controlled text in the HTML", async () => {
    const notices = [
      riskySignInNotice({ appName: "Acme", device: hostile, ip: "198.51.100.23", at, sessionsUrl: "https://x.example/s" }),
      newDeviceSignInNotice({
        appName: "Acme",
        device: hostile,
        network: "198.51.100.0/24",
        at,
        secureUrl: "https://x.example/n",
        expiresAt: at,
      }),
      factorChangedNotice({ appName: "Acme", change: "added", factor: "passkey", name: hostile, at, securityUrl: "https://x.example/s" }),
      emailChangeConfirm({ appName: "Acme", newEmail: `${hostile}@example.com`, confirmUrl: "https://x.example/c", expiresAt: at }),
      emailChangedNotice({
        appName: "Acme",
        oldEmail: "old@example.com",
        newEmail: `${hostile}@example.com`,
        revertUrl: "https://x.example/r",
        at,
      }),
    ];
    for (const notice of notices) {
      const { html } = await renderNotice(notice);
      expect(html).not.toContain("<script");
      expect(html).toContain("&lt;script&gt;alert(");
    }
  });

  it("renders a notice without an action", async () => {
    const { html, text } = await renderNotice({ subject: "s", props: { ...all.codeLockout.props, action: undefined } });
    expect(html).not.toContain("Review your account");
    expect(text).toContain("Too many wrong sign-in codes".toUpperCase());
  });

  it("tells the owner of a factor reset who asked, why, when it takes effect (UTC) and that the link cancels it once", async () => {
    expect(all.factorResetRequested.subject).toBe("Your Acme passkeys and authenticator app will be reset on Wed, 15 Jan 2025, 14:05 UTC");
    const { text } = await renderNotice(all.factorResetRequested);
    expect(text).toContain(
      "On Tue, 14 Jan 2025, 14:05 UTC, administrator ops@example.com asked to remove every passkey, authenticator app and recovery code",
    );
    expect(text).toContain('The reason they gave: "Owner phoned from the number on file".');
    expect(text).toContain("Nothing changes before Wed, 15 Jan 2025, 14:05 UTC.");
    expect(text).toContain("it works once, until the reset takes effect");
    const { text: done } = await renderNotice(all.factorResetCompleted);
    expect(done).toContain("we removed your authenticator app and 10 recovery codes from your Acme account and signed out 1 session.");
  });
});

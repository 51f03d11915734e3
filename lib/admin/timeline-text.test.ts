import { describe, expect, it } from "vitest";
import { describeTimelineEvent, describeTimelineEvents, relativeTime, type TimelineEventFacts } from "./timeline-text";

const start = new Date("2026-03-02T09:00:00Z");
const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const event = (type: string, overrides: Partial<TimelineEventFacts> = {}): TimelineEventFacts => ({
  type,
  at: start,
  ip: "203.0.113.7",
  userAgent: firefox,
  outcome: "info",
  reason: null,
  details: {},
  ...overrides,
});

describe("relativeTime", () => {
  it("counts from the request", () => {
    expect(relativeTime(new Date(start.getTime() + 22_000), start)).toBe("+22 s");
    expect(relativeTime(new Date(start.getTime() + 185_000), start)).toBe("+3 min 5 s");
    expect(relativeTime(start, start)).toBe("+0 s");
    expect(relativeTime(new Date(start.getTime() - 3_000), start)).toBe("−3 s");
  });
});

describe("describeTimelineEvent", () => {
  it("names a scanner fetch with a masked IP, as in the issue", () => {
    const line = describeTimelineEvent(
      event("link.fetched", {
        ip: "40.94.12.7",
        userAgent: "Microsoft Office/16.0 SafeLinks",
        details: { likelyScanner: true, scannerName: "Microsoft Safe Links" },
      }),
    );
    expect(line).toEqual({ text: "fetched by a scanner, Microsoft Safe Links, 40.94.x.x", tone: "warning" });
  });
  it("describes a person's fetch and open with device and masked IP", () => {
    expect(describeTimelineEvent(event("link.fetched", { details: { likelyScanner: false, sameBrowser: true } })).text).toBe(
      "fetched by the requesting browser, Firefox on Linux, 203.0.x.x",
    );
    expect(describeTimelineEvent(event("link.opened", { details: { sameBrowser: false } })).text).toBe(
      "opened in another browser, Firefox on Linux, 203.0.x.x",
    );
  });
  it("marks successes and failures", () => {
    expect(describeTimelineEvent(event("session.created"))).toEqual({
      text: "session started, Firefox on Linux, 203.0.x.x",
      tone: "success",
      where: "Firefox on Linux, 203.0.x.x",
    });
    expect(describeTimelineEvent(event("code.failed", { reason: "wrong code", details: { failures: 2 } }))).toEqual({
      text: "wrong code (2 so far), Firefox on Linux, 203.0.x.x",
      tone: "failure",
      where: "Firefox on Linux, 203.0.x.x",
    });
    expect(describeTimelineEvent(event("attempt.requested", { outcome: "failure", reason: "account-locked" }))).toEqual({
      text: "request refused: account-locked",
      tone: "failure",
    });
  });
  it("leaves out what it does not know", () => {
    expect(describeTimelineEvent(event("email.sent", { ip: null, userAgent: null, details: { tries: 1 } })).text).toBe(
      "email accepted by the mail server",
    );
    expect(describeTimelineEvent(event("email.sent", { ip: null, userAgent: null, details: { tries: 3 } })).text).toBe(
      "email accepted by the mail server after 3 tries",
    );
    expect(describeTimelineEvent(event("attempt.redeemed", { ip: null, userAgent: null, details: { via: "code" } })).text).toBe(
      "redeemed (code)",
    );
  });
  it("tones risk by level and falls back to the raw type for new events", () => {
    expect(describeTimelineEvent(event("risk.assessed", { details: { level: "HIGH", score: 70 } }))).toEqual({
      text: "risk assessed: HIGH (score 70)",
      tone: "failure",
    });
    expect(describeTimelineEvent(event("stepup.failed", { outcome: "failure", reason: "stale" }))).toEqual({
      text: "stepup.failed: stale",
      tone: "failure",
    });
  });
  it("never interprets details as anything but text", () => {
    const line = describeTimelineEvent(
      event("link.fetched", { details: { likelyScanner: true, scannerName: { toString: () => "<script>" } } }),
    );
    expect(line.text).toBe("fetched by a scanner, 203.0.x.x");
  });
});

describe("delivery lines", () => {
  it("tells a permanent refusal from a temporary failure, and says why a retry was given up", () => {
    expect(
      describeTimelineEvent(
        event("email.failed", {
          outcome: "failure",
          reason: "550 User unknown",
          details: { failure: "permanent", willRetry: false, stoppedBecause: "permanent" },
        }),
      ).text,
    ).toBe("email refused for good: 550 User unknown (gave up)");
    expect(
      describeTimelineEvent(
        event("email.failed", { outcome: "failure", reason: "451 try later", details: { failure: "temporary", willRetry: true } }),
      ).text,
    ).toBe("email failed for now: 451 try later (will retry)");
    expect(
      describeTimelineEvent(
        event("email.failed", {
          outcome: "failure",
          reason: "451 try later",
          details: { failure: "temporary", willRetry: false, stoppedBecause: "link-expires-first" },
        }),
      ).text,
    ).toBe("email failed for now: 451 try later (gave up: the link expires before the next try)");
  });

  it("names skipped, delivered, bounced and complained emails", () => {
    expect(describeTimelineEvent(event("email.skipped", { reason: "a newer link was requested" }))).toEqual({
      text: "email not sent: a newer link was requested",
      tone: "warning",
    });
    expect(describeTimelineEvent(event("email.delivered", { details: { provider: "ses" } }))).toEqual({
      text: "email delivered to the recipient's mail server (reported by ses)",
      tone: "success",
    });
    expect(describeTimelineEvent(event("email.bounced", { reason: "Mailbox does not exist", details: { bounce: "hard" } })).text).toBe(
      "email bounced (hard): Mailbox does not exist",
    );
    expect(describeTimelineEvent(event("email.complained")).tone).toBe("failure");
  });
});

describe("describeTimelineEvents", () => {
  it("names the device and IP on the first row from them and again only when they change", () => {
    const lines = describeTimelineEvents([
      event("attempt.requested"),
      event("link.issued", { ip: null, userAgent: null }),
      event("code.failed", { reason: "wrong code", details: { failures: 1 } }),
      event("code.failed", { reason: "wrong code", details: { failures: 2 } }),
      event("link.opened", {
        ip: "198.51.100.20",
        userAgent:
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        details: { sameBrowser: false },
      }),
      event("session.created"),
    ]).map((line) => line.text);
    expect(lines[0]).toBe("requested, Firefox on Linux, 203.0.x.x");
    expect(lines[1]).toBe("link and code issued");
    expect(lines[2]).toBe("wrong code (1 so far)");
    expect(lines[3]).toBe("wrong code (2 so far)");
    expect(lines[4]).toMatch(/^opened in another browser, Safari on iOS.*, 198\.51\.x\.x$/);
    // Back to the first browser: named again, since the row above named another.
    expect(lines[5]).toBe("session started, Firefox on Linux, 203.0.x.x");
  });

  it("lets identical repeats read the same, so they fold into one row", () => {
    const lines = describeTimelineEvents([
      event("link.fetched", { details: { sameBrowser: true } }),
      event("link.fetched", { details: { sameBrowser: true } }),
      event("link.fetched", { details: { sameBrowser: true } }),
    ]);
    expect(lines.slice(1).map((line) => line.text)).toEqual(["fetched by the requesting browser", "fetched by the requesting browser"]);
  });
});

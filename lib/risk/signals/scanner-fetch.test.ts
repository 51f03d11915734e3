import { describe, expect, it } from "vitest";
import { formatDuration } from "./format-duration";
import { scannerFetchSignal } from "./scanner-fetch";
import { at, sampleEvent, sampleRiskInput, USER_AGENTS } from "./sample-risk-input";

const scanner = (seconds: number, name: string | null = "Microsoft Safe Links") =>
  sampleEvent("link.fetched", seconds, {
    ip: "40.94.12.7",
    userAgent: USER_AGENTS.safeLinks,
    deviceHash: null,
    details: { likelyScanner: true, ...(name ? { scannerName: name } : {}) },
  });

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [-5_000, "0 s"],
    [22_000, "22 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [7_440_000, "2 h 4 min"],
    [3_600_000, "1 h"],
    [93_600_000, "1 d 2 h"],
    [86_400_000, "1 d"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("scannerFetchSignal", () => {
  it("stays quiet when only people fetched the link", () => {
    expect(scannerFetchSignal(sampleRiskInput())).toBeNull();
  });
  it("names the scanner and how long after sending it came", () => {
    const input = sampleRiskInput({ events: [sampleEvent("attempt.requested", 0), sampleEvent("email.sent", 2), scanner(24)] });
    expect(scannerFetchSignal(input)).toEqual({
      signal: "scanner-fetch",
      weight: 5,
      reason: "The link was fetched by Microsoft Safe Links 22 s after it was sent.",
    });
  });
  it("counts several fetches and lists distinct scanners", () => {
    const input = sampleRiskInput({
      events: [sampleEvent("email.sent", 0), scanner(3), scanner(4), scanner(70, "Mimecast"), scanner(80, null)],
      now: at(600),
    });
    expect(scannerFetchSignal(input)?.reason).toBe(
      "The link was fetched by Microsoft Safe Links, Mimecast, an unnamed scanner 3 s after it was sent (4 fetches).",
    );
  });
  it("does not count a browser that then ran the page and posted the link, whatever its user agent", () => {
    const headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
    const fetch = sampleEvent("link.fetched", 5, {
      ip: "203.0.113.7",
      userAgent: headless,
      deviceHash: "dev-1",
      details: { likelyScanner: true, scannerName: "Headless Chrome" },
    });
    const opened = sampleEvent("link.opened", 6, { ip: "203.0.113.7", userAgent: headless, deviceHash: "dev-1" });
    expect(scannerFetchSignal(sampleRiskInput({ events: [sampleEvent("email.sent", 0), fetch, opened], now: at(60) }))).toBeNull();
    // Without a binding cookie, the same network and user agent count as the same browser.
    const cookieless = { ...fetch, deviceHash: null };
    expect(scannerFetchSignal(sampleRiskInput({ events: [cookieless, { ...opened, deviceHash: "dev-2" }], now: at(60) }))).toBeNull();
  });
  it("still counts a scanner when someone else opened the link, or the opening came first", () => {
    const opened = sampleEvent("link.opened", 30, { ip: "203.0.113.7", deviceHash: "dev-1" });
    expect(scannerFetchSignal(sampleRiskInput({ events: [scanner(24), opened], now: at(60) }))?.signal).toBe("scanner-fetch");
    const early = sampleEvent("link.opened", 10, { ip: "40.94.12.7", userAgent: USER_AGENTS.safeLinks, deviceHash: null });
    expect(scannerFetchSignal(sampleRiskInput({ events: [early, scanner(24)], now: at(60) }))?.signal).toBe("scanner-fetch");
  });
  it("measures from the request when no email.sent was recorded", () => {
    expect(scannerFetchSignal(sampleRiskInput({ events: [scanner(65)], now: at(600) }))?.reason).toContain("1 min 5 s after");
  });
  it("ignores fetches after the assessment clock", () => {
    expect(scannerFetchSignal(sampleRiskInput({ events: [scanner(120)], now: at(60) }))).toBeNull();
  });
});

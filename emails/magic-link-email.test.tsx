import { describe, expect, it } from "vitest";
import { renderEmail, renderMagicLinkEmail } from "@/lib/mail/render-email";
import MagicLinkEmail, { magicLinkPreview, magicLinkSubject, type MagicLinkEmailProps } from "./magic-link-email";

const props: MagicLinkEmailProps = {
  appName: "Acme",
  url: "https://app.example.com/signin/verify#t=AbCdEf0123456789_-token",
  code: "482913",
  expiresAt: new Date("2025-01-14T14:15:00Z"),
  minutesValid: 10,
  requestedFrom: "Chrome on macOS, 203.0.113.7",
};

/** The hidden preview block React Email puts first in <body>. */
function previewText(html: string): string {
  const match = /<div[^>]*data-skip-in-text="true"[^>]*>([^<]*)/.exec(html);
  if (!match) throw new Error("no preview block in the HTML");
  return match[1];
}

describe("magic-link email", () => {
  it("puts the link and the code in both the HTML and the text part", async () => {
    const { html, text } = await renderMagicLinkEmail(props);
    expect(html).toContain(`href="${props.url}"`);
    expect(html).toContain(props.code);
    expect(text).toContain(props.url);
    expect(text).toContain(props.code);
    expect(text).toMatch(/Sign in https:\/\/app\.example\.com\/signin\/verify/);
  });

  it("states the expiry time in UTC, the minutes left and the requesting device", async () => {
    const { html, text } = await renderMagicLinkEmail(props);
    for (const part of [html, text]) {
      expect(part).toContain("14:15 UTC");
      expect(part).toContain("in 10 minutes");
      expect(part).toContain("Chrome on macOS, 203.0.113.7");
    }
    expect(text).toContain("This link and code expire at 14:15 UTC (in 10 minutes) and work once.");
  });

  it("adds the requester's local time when given a known time zone, and ignores an unknown one", async () => {
    const paris = await renderMagicLinkEmail({ ...props, timeZoneLabel: "Europe/Paris" });
    expect(paris.text).toContain("14:15 UTC / 15:15 Europe/Paris (in 10 minutes)");
    const unknown = await renderMagicLinkEmail({ ...props, timeZoneLabel: "Mars/Olympus" });
    expect(unknown.text).toContain("expire at 14:15 UTC (in 10 minutes)");
    expect(unknown.text).not.toContain("Mars/Olympus");
  });

  it("keeps the code out of the subject and the inbox preview", async () => {
    const { subject, html } = await renderMagicLinkEmail(props);
    expect(subject).toBe("Sign in to Acme");
    expect(subject).not.toContain(props.code);
    const preview = previewText(html);
    expect(preview).toBe(magicLinkPreview("Acme", 10));
    expect(preview).toBe("Your sign-in link for Acme, valid for 10 minutes");
    expect(preview).not.toContain(props.code);
    // Nothing in <head> (title, meta) carries the code either.
    expect(html.slice(0, html.indexOf("<body"))).not.toContain(props.code);
  });

  it("never puts the code in the subject, whatever the app is called", () => {
    expect(magicLinkSubject("Acme 482913")).toBe("Sign in to Acme 482913");
    expect(magicLinkSubject("Acme")).not.toMatch(/\d{6}/);
  });

  it("escapes user-controlled text in the HTML", async () => {
    const { html, text } = await renderMagicLinkEmail({ ...props, requestedFrom: '<script>alert("x")</script> on Linux, 198.51.100.9' });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    // The text part is plain text: the characters stay as typed, which is harmless there.
    expect(text).toContain('<script>alert("x")</script> on Linux');
  });

  it("has a text part without HTML tags", async () => {
    const { text } = await renderMagicLinkEmail(props);
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(text).not.toContain("&nbsp;");
  });

  it("renders its preview props through the generic renderer", async () => {
    const { html, text } = await renderEmail(<MagicLinkEmail {...MagicLinkEmail.PreviewProps} />);
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(text).toContain(MagicLinkEmail.PreviewProps.code);
  });
});

describe("magic-link email rendered from its cached template", () => {
  const cases: MagicLinkEmailProps[] = [
    props,
    { ...props, timeZoneLabel: "Europe/Paris" },
    { ...props, appName: "Acme & Co", minutesValid: 1, requestedFrom: "Firefox on Windows, 2001:db8::7" },
    { ...props, url: "http://localhost:3000/verify/att_1#tok-_9", code: "000001", expiresAt: new Date("2026-11-29T23:59:00Z") },
    { ...props, requestedFrom: 'Evil "UA" <b> & co' },
  ];
  it.each(cases.map((c, i) => [i, c] as const))("matches a full render byte for byte (case %i)", async (_i, c) => {
    const full = await renderEmail(<MagicLinkEmail {...c} />);
    // Twice: the first call builds the template, the second fills the cached one.
    await renderMagicLinkEmail(c);
    const cached = await renderMagicLinkEmail(c);
    expect(cached.html).toBe(full.html);
    expect(cached.text).toBe(full.text);
  });
});

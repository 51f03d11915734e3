import { describe, expect, it } from "vitest";
import { classifyLinkFetch, type LinkFetchFacts } from "./scanner-detection";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const person: LinkFetchFacts = { method: "GET", userAgent: FIREFOX, hasBindingCookie: true };

describe("classifyLinkFetch: people", () => {
  it("a browser GET with the binding cookie is a person, with no reasons", () => {
    expect(classifyLinkFetch(person)).toEqual({ likelyScanner: false, scannerName: null, reasons: [] });
  });

  it("a navigation says so and is a person", () => {
    expect(classifyLinkFetch({ ...person, secFetchMode: "navigate" })).toEqual({ likelyScanner: false, scannerName: null, reasons: [] });
    expect(classifyLinkFetch({ ...person, secFetchMode: " Navigate " }).likelyScanner).toBe(false);
  });

  it("no binding cookie alone is not a scanner (a person on another device has none), but is noted", () => {
    expect(classifyLinkFetch({ ...person, hasBindingCookie: false })).toEqual({
      likelyScanner: false,
      scannerName: null,
      reasons: ["no binding cookie"],
    });
  });

  it("an absent Sec-Fetch-Mode header is noted but is not a scanner (older browsers omit it)", () => {
    expect(classifyLinkFetch({ ...person, secFetchMode: null })).toEqual({
      likelyScanner: false,
      scannerName: null,
      reasons: ["no Sec-Fetch-Mode header"],
    });
  });

  it("purposes other than prefetch are ignored", () => {
    expect(classifyLinkFetch({ ...person, purpose: "other", secFetchMode: "" })).toEqual({
      likelyScanner: false,
      scannerName: null,
      reasons: [],
    });
    expect(classifyLinkFetch({ ...person, purpose: null }).likelyScanner).toBe(false);
  });
});

describe("classifyLinkFetch: machines", () => {
  it.each([
    ["Mozilla/4.0 (compatible; ms-office; MSOffice 16)", "Microsoft Safe Links"],
    ["Microsoft Office Existence Discovery", "Microsoft Safe Links"],
    ["Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b", "Bing preview"],
    ["Mimecast-URL-Protect/1.0", "Mimecast"],
    ["Proofpoint URL Defense", "Proofpoint"],
    ["Barracuda Sentinel (EE)", "Barracuda"],
    ["Symantec Email Security.cloud", "Symantec"],
    ["TrendMicro Email Security", "Trend Micro"],
    ["Trend Micro Scanner", "Trend Micro"],
    ["Cisco-IronPort-AsyncOS", "Cisco email security"],
    ["FireEye-ETP/1.0", "FireEye"],
    ["Google-Safety", "Google Safe Browsing"],
    ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot"],
    ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Facebook link preview"],
    ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Slack link preview"],
    ["Twitterbot/1.0", "X (Twitter) link preview"],
    ["WhatsApp/2.23.20.0 A", "WhatsApp link preview"],
    ["TelegramBot (like TwitterBot)", "Telegram link preview"],
    ["LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", "LinkedIn link preview"],
    ["Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "Discord link preview"],
    ["python-requests/2.32.3", "Python script"],
    ["curl/8.5.0", "curl"],
    ["Go-http-client/1.1", "Go program"],
    ["Java/17.0.2", "Java program"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36", "Headless Chrome"],
    ["node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "Node.js script"],
    ["axios/1.7.2", "Node.js script"],
    ["Wget/1.21.4", "Wget"],
  ])("%s → %s", (userAgent, scannerName) => {
    const verdict = classifyLinkFetch({ ...person, userAgent });
    expect(verdict).toEqual({ likelyScanner: true, scannerName, reasons: [`known scanner user agent (${scannerName})`] });
  });

  it("does not mistake words that merely contain a client's name", () => {
    expect(classifyLinkFetch({ ...person, userAgent: `${FIREFOX} curly/1.0 JavaScript/1 wgetter` }).likelyScanner).toBe(false);
  });

  it.each([[null], [""], ["   "]])("an empty user agent (%j) is a machine", (userAgent) => {
    expect(classifyLinkFetch({ ...person, userAgent })).toEqual({
      likelyScanner: true,
      scannerName: "Unknown client (no user agent)",
      reasons: ["no user agent"],
    });
  });

  it("HEAD is a link checker, whatever the user agent says", () => {
    expect(classifyLinkFetch({ ...person, method: "HEAD" })).toEqual({
      likelyScanner: true,
      scannerName: "Link checker",
      reasons: ["HEAD request"],
    });
    expect(classifyLinkFetch({ ...person, method: "head" }).likelyScanner).toBe(true);
  });

  it("a HEAD from a known scanner keeps the scanner's name and lists both reasons", () => {
    expect(classifyLinkFetch({ ...person, method: "HEAD", userAgent: "Mimecast" })).toEqual({
      likelyScanner: true,
      scannerName: "Mimecast",
      reasons: ["known scanner user agent (Mimecast)", "HEAD request"],
    });
  });

  it.each([["prefetch"], ["Prefetch;anonymous-client-ip"], ["prerender"]])("Purpose/Sec-Purpose %j is a prefetch", (purpose) => {
    expect(classifyLinkFetch({ ...person, purpose })).toEqual({
      likelyScanner: true,
      scannerName: "Prefetch",
      reasons: [`prefetch (${purpose})`],
    });
  });

  it.each([["cors"], ["no-cors"], ["same-origin"]])("Sec-Fetch-Mode %j is a program, not a page navigation", (secFetchMode) => {
    expect(classifyLinkFetch({ ...person, secFetchMode })).toEqual({
      likelyScanner: true,
      scannerName: null,
      reasons: [`not a page navigation (Sec-Fetch-Mode: ${secFetchMode})`],
    });
  });

  it("collects every signal in a fixed order", () => {
    const verdict = classifyLinkFetch({
      method: "HEAD",
      userAgent: "curl/8.5.0",
      hasBindingCookie: false,
      secFetchMode: "cors",
      purpose: "prefetch",
    });
    expect(verdict).toEqual({
      likelyScanner: true,
      scannerName: "curl",
      reasons: [
        "known scanner user agent (curl)",
        "HEAD request",
        "prefetch (prefetch)",
        "not a page navigation (Sec-Fetch-Mode: cors)",
        "no binding cookie",
      ],
    });
  });
});

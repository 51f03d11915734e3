/**
 * Labels a fetch of a link's landing page as a person or a likely machine (mail security
 * scanner, chat link preview, script). The label is for the audit trail and the admin
 * timeline only: no fetch can consume a link (the secret is in the URL fragment and
 * redeeming takes an explicit POST), so a wrong guess here costs nothing but a label.
 */

export interface LinkFetchFacts {
  method: string;
  userAgent: string | null;
  hasBindingCookie: boolean;
  /** Sec-Fetch-Mode; undefined when the caller did not look, null when the header was absent. */
  secFetchMode?: string | null;
  /** Purpose or Sec-Purpose, e.g. "prefetch". */
  purpose?: string | null;
}

export interface LinkFetchVerdict {
  likelyScanner: boolean;
  scannerName: string | null;
  reasons: string[];
}

// Most specific first: the first match names the scanner.
const KNOWN_AGENTS: Array<[RegExp, string]> = [
  [/Microsoft Office|ms-office|SafeLinks/i, "Microsoft Safe Links"],
  [/BingPreview/i, "Bing preview"],
  [/Mimecast/i, "Mimecast"],
  [/Proofpoint/i, "Proofpoint"],
  [/Barracuda/i, "Barracuda"],
  [/Symantec/i, "Symantec"],
  [/Trend ?Micro/i, "Trend Micro"],
  [/Cisco/i, "Cisco email security"],
  [/FireEye/i, "FireEye"],
  [/Google-Safety/i, "Google Safe Browsing"],
  [/Googlebot/i, "Googlebot"],
  [/facebookexternalhit/i, "Facebook link preview"],
  [/Slackbot/i, "Slack link preview"],
  // Telegram says "TelegramBot (like TwitterBot)", so it must come before Twitterbot.
  [/TelegramBot/i, "Telegram link preview"],
  [/Twitterbot/i, "X (Twitter) link preview"],
  [/WhatsApp/i, "WhatsApp link preview"],
  [/LinkedInBot/i, "LinkedIn link preview"],
  [/Discordbot/i, "Discord link preview"],
  [/python-requests/i, "Python script"],
  [/\bcurl\//i, "curl"],
  [/Go-http-client/i, "Go program"],
  [/\bJava\//, "Java program"],
  [/HeadlessChrome/i, "Headless Chrome"],
  [/node-fetch/i, "Node.js script"],
  [/\baxios\//i, "Node.js script"],
  [/\bwget\b/i, "Wget"],
];

export function classifyLinkFetch(facts: LinkFetchFacts): LinkFetchVerdict {
  const reasons: string[] = [];
  let likelyScanner = false;
  let scannerName: string | null = null;
  const flag = (reason: string, name: string | null) => {
    likelyScanner = true;
    scannerName ??= name;
    reasons.push(reason);
  };

  const userAgent = facts.userAgent?.trim() ?? "";
  const known = KNOWN_AGENTS.find(([pattern]) => pattern.test(userAgent));
  if (userAgent === "") flag("no user agent", "Unknown client (no user agent)");
  else if (known) flag(`known scanner user agent (${known[1]})`, known[1]);

  // People open pages with GET; link checkers often ask HEAD first to see if the page exists.
  if (facts.method.toUpperCase() === "HEAD") flag("HEAD request", "Link checker");

  // A browser or mail client fetching ahead of a click, not a person opening the link.
  if (facts.purpose && /prefetch|prerender/i.test(facts.purpose)) flag(`prefetch (${facts.purpose.trim().slice(0, 40)})`, "Prefetch");

  // Browsers send Sec-Fetch-Mode: navigate when a person opens a page; fetch()-style modes are
  // a program. Absence alone proves nothing (older browsers do not send it).
  const mode = facts.secFetchMode?.trim().toLowerCase();
  if (mode && mode !== "navigate") flag(`not a page navigation (Sec-Fetch-Mode: ${mode.slice(0, 20)})`, null);
  else if (facts.secFetchMode === null) reasons.push("no Sec-Fetch-Mode header");

  // A person opening the link on another device has no binding cookie either, so this is
  // recorded as context and never decides the verdict on its own.
  if (!facts.hasBindingCookie) reasons.push("no binding cookie");

  return { likelyScanner, scannerName, reasons };
}

import { UAParser } from "ua-parser-js";

/**
 * A short, human description of a browser from its user agent, shown in sign-in emails
 * ("Requested from Firefox on Linux"), on the cross-device approval screen and in the
 * sessions list. User agents are client-supplied, so this is a hint for people, never a
 * security decision; versions are left out because they add noise, not recognition.
 */

export interface DeviceDescription {
  browser: string;
  os: string;
  /** "Firefox on Linux" */
  label: string;
  /** Lower-case browser name without form-factor words ("mobile safari" → "safari"), for comparing sign-ins; "unknown" if none. */
  browserFamily: string;
}

export const UNKNOWN_BROWSER = "Unknown browser";
export const UNKNOWN_OS = "unknown system";

// ua-parser-js names the phone edition of a browser "Mobile X" and a headless build "X Headless".
const FORM_FACTOR_WORDS = /^Mobile |\s+(?:Headless|WebView|Mobile)$/g;
const MAX_USER_AGENT = 512;

// Parsing a user agent costs about a third of a millisecond, and the same few agents recur (an
// attempt timeline names one on almost every row): descriptions are remembered, a bounded number.
const remembered = new Map<string, DeviceDescription>();
const REMEMBER_AT_MOST = 1_000;

export function describeDevice(userAgent: string | null): DeviceDescription {
  if (!userAgent) return parseDevice(null);
  const key = userAgent.slice(0, MAX_USER_AGENT);
  const known = remembered.get(key);
  if (known) return { ...known };
  const description = parseDevice(key);
  if (remembered.size >= REMEMBER_AT_MOST) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, description);
  return { ...description };
}

function parseDevice(userAgent: string | null): DeviceDescription {
  const result = userAgent ? new UAParser(userAgent).getResult() : null;
  const browserName = result?.browser.name?.replace(FORM_FACTOR_WORDS, "").trim();
  const osName = result?.os.name?.trim();
  const browser = browserName || UNKNOWN_BROWSER;
  const os = osName || UNKNOWN_OS;
  return {
    browser,
    os,
    label: `${browser} on ${os}`,
    browserFamily: browserName ? browserName.toLowerCase() : "unknown",
  };
}

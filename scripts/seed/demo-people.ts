import type { SeededRandom } from "./random";
import { randomHex } from "./random";

/** Browsers, networks and scanners the demo's people and machines use. */

export const USER_AGENTS = {
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
  chromeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  chromeMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  chromeAndroid: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
} as const;

const DESKTOPS = [
  USER_AGENTS.firefoxLinux,
  USER_AGENTS.firefoxWindows,
  USER_AGENTS.chromeWindows,
  USER_AGENTS.chromeMac,
  USER_AGENTS.safariMac,
  USER_AGENTS.edgeWindows,
  USER_AGENTS.chromeWindows,
];
const PHONES = [USER_AGENTS.safariIphone, USER_AGENTS.chromeAndroid];

export const SCANNERS = [
  { userAgent: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro) SafeLinks", network: "40.94", method: "GET" },
  { userAgent: "Mozilla/5.0 (compatible; Mimecast URL Protect)", network: "207.211", method: "GET" },
  { userAgent: "Proofpoint URL Defense/2.0", network: "148.163", method: "GET" },
  { userAgent: "Barracuda Sentinel (link check)", network: "209.222", method: "HEAD" },
] as const;

export interface Device {
  userAgent: string;
  ip: string;
  deviceHash: string;
}

export interface DemoPerson {
  email: string;
  laptop: Device;
  phone: Device;
  /** How many sign-ins a week. */
  rate: number;
  /** Companies behind Outlook or Mimecast have their links scanned. */
  scannedBy: (typeof SCANNERS)[number] | null;
}

const FIRST_NAMES = [
  "ada",
  "alan",
  "grace",
  "linus",
  "margaret",
  "dennis",
  "barbara",
  "ken",
  "radia",
  "edsger",
  "frances",
  "tim",
  "hedy",
  "john",
  "katherine",
  "donald",
  "annie",
  "claude",
  "sophie",
  "yukihiro",
  "guido",
  "anders",
  "jean",
  "niklaus",
  "leslie",
  "shafi",
  "whitfield",
  "martin",
  "lynn",
  "ivan",
];
const DOMAINS = ["example.com", "example.org", "example.net", "acme.test", "globex.test"];

export function publicIp(random: SeededRandom): string {
  const first = random.pick([31, 37, 46, 62, 78, 81, 86, 89, 92, 109, 145, 176, 185, 212, 213]);
  return `${first}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

/** Another address in the same /24, as a home router's lease changes. */
export function sameNetwork(ip: string, random: SeededRandom): string {
  return `${ip.split(".").slice(0, 3).join(".")}.${random.int(1, 254)}`;
}

export function device(userAgent: string, ip: string): Device {
  return { userAgent, ip, deviceHash: randomHex() };
}

export function demoPeople(random: SeededRandom, count: number): DemoPerson[] {
  return Array.from({ length: count }, (_, index) => {
    const name = FIRST_NAMES[index % FIRST_NAMES.length];
    const domain = DOMAINS[Math.floor(index / FIRST_NAMES.length) % DOMAINS.length];
    const home = publicIp(random);
    return {
      email: `${name}${index >= FIRST_NAMES.length ? index : ""}@${domain}`,
      laptop: device(random.pick(DESKTOPS), home),
      phone: device(random.pick(PHONES), `100.${random.int(64, 127)}.${random.int(0, 255)}.${random.int(1, 254)}`),
      rate: random.pick([1, 2, 3, 5, 8]),
      scannedBy: random.chance(0.4) ? random.pick(SCANNERS) : null,
    };
  });
}

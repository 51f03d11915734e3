import http from "node:http";
import fc from "fast-check";

/**
 * Generators of hostile input for e2e/fuzz-inputs.spec.ts, and a raw HTTP client that sends
 * them exactly as given (fetch would refuse or rewrite Host and some header values).
 */

// Characters that have broken sign-in systems: separators, injection, look-alikes, invisibles.
const NASTY = [
  "\r\n",
  "\n",
  ",",
  ";",
  "<",
  ">",
  '"',
  "'",
  " ",
  "\t",
  "\u0000",
  "＠",
  "﹫",
  "а",
  "\u200b",
  "\u202e",
  "%0d%0a",
  "@",
  "\\",
  "/",
  "..",
  "#",
  "?",
  "&",
  "=",
];

export const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NASTY, "a", "1", "."), maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "[object Object]",
    "x".repeat(5_000),
    "💥".repeat(300),
    "%00",
    "${jndi:ldap://x}",
    "<script>alert(1)</script>",
  ),
);

/** Addresses the app accepts, in the shapes people type them (case, surrounding spaces, +tags). */
export const plausibleEmail = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,10}[a-z0-9])?$/),
    fc.constantFrom("example.com", "Example.COM", "mail.example.org"),
    fc.boolean(),
  )
  .map(([local, domain, padded]) => (padded ? `  ${local}@${domain} ` : `${local}@${domain}`));

/** Mostly almost-valid addresses with something hostile spliced in, plus anything at all. */
export const hostileEmail = fc.oneof(
  { weight: 3, arbitrary: plausibleEmail },
  fc.tuple(plausibleEmail, fc.constantFrom(...NASTY), fc.nat(30)).map(([email, nasty, at]) => email.slice(0, at) + nasty + email.slice(at)),
  fc
    .tuple(plausibleEmail, plausibleEmail, fc.nat(3))
    .map(([a, b, shape]) => [`${a},${b}`, `${a}\r\nBcc: ${b}`, `"${a}"@example.com`, `Name <${a}>`][shape]),
  fc.emailAddress(),
  nastyText,
);

export const jsonValue = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyText, { maxLength: 3 }),
  fc.dictionary(nastyText, nastyText, { maxKeys: 3 }),
);

export const callbackUrl = fc.oneof(
  fc.constantFrom(
    "/account",
    "/admin",
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
    "/%2F%2Fevil.example",
    "/account/../admin",
    "/account?next=//evil.example",
  ),
  fc.webUrl(),
  nastyText,
);

/** Header values Node will send: tab, printable ASCII and Latin-1 (anything else is refused before it leaves). */
export const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."\t !\"#$%&'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~\u00e9\u00ff".split("")), maxLength: 60 }),
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom(
    "evil.example",
    "evil.example:443",
    "for=1.2.3.4;host=evil.example;proto=https",
    "null",
    "http://evil.example",
    "127.0.0.1, 10.0.0.1, 8.8.8.8",
  ),
);

/** Hostile versions of the headers that carry client identity, origin and cookies; any may be missing. */
export const hostileHeaders = fc.record(
  {
    "x-forwarded-for": headerValue,
    "x-forwarded-host": headerValue,
    "x-forwarded-proto": headerValue,
    forwarded: headerValue,
    host: headerValue,
    "user-agent": headerValue,
    cookie: headerValue,
  },
  { requiredKeys: [] },
);

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers and body. */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

import { z } from "zod";
import { CLIENT_IP_SOURCES, type ClientIpSource } from "./request/decide-client-ip";
import { coversEveryone, parseAddressRanges, type AddressRange } from "./request/trusted-networks";
import { JOBS_MODES } from "./jobs/decide-jobs";

/**
 * Configuration: the only module that reads process.env.
 * Every policy knob has a safe default and a line in .env.example.
 */

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((value) => value === "true" || value === "1");

const positiveInt = (fallback: number, max = 1_000_000) => z.coerce.number().int().min(1).max(max).default(fallback);

/** "5/15m" → five points per fifteen minutes. */
const rateLimitRule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^(\d+)\/(\d+)([smhd])$/.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: 'expected "<count>/<duration>", e.g. "5/15m" (units s, m, h, d)' });
        return z.NEVER;
      }
      const unitSeconds = { s: 1, m: 60, h: 3600, d: 86400 }[match[3] as "s" | "m" | "h" | "d"];
      return { points: Number(match[1]), durationSeconds: Number(match[2]) * unitSeconds };
    });

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL such as ${example}` },
  );

const emailList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );

const pathList = z
  .string()
  .default("/account,/admin")
  .refine((value) => value.split(",").every((p) => /^\/[A-Za-z0-9/_-]*$/.test(p.trim())), {
    message: 'expected comma-separated relative paths such as "/account,/admin"',
  })
  .transform((value) => value.split(",").map((p) => p.trim()));

function sameDatabase(a: string, b: string | undefined): boolean {
  if (!b) return false;
  const [left, right] = [new URL(a), new URL(b)];
  return left.hostname === right.hostname && (left.port || "5432") === (right.port || "5432") && left.pathname === right.pathname;
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** The interface `npm run dev` / `npm start` (scripts/server.mjs) listen on; unset: 127.0.0.1 for `npm run dev`, every interface for `npm start`. */
    HOST: z
      .string()
      .regex(/^[A-Za-z0-9.:-]+$/, "expected an interface address or host name such as 0.0.0.0, :: or 127.0.0.1")
      .optional(),
    DATA_DIR: z.string().default(".data"),
    APP_NAME: z.string().min(1).max(60).default("Acme"),

    DATABASE_URL: urlWithProtocols(["postgresql:", "postgres:"], "postgresql://user@127.0.0.1:5432/app").optional(),
    /** The role that owns the schema: migrations and grants run with it; the app never connects with it. */
    DATABASE_OWNER_URL: urlWithProtocols(["postgresql:", "postgres:"], "postgresql://owner@127.0.0.1:5432/app").optional(),
    EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    /** Apply migrations when npm run dev / npm start starts; unset: yes for dev and the embedded database, no for npm start with DATABASE_URL. */
    MIGRATE_ON_START: z
      .enum(["true", "false", "1", "0"], { message: 'expected "true" or "false"' })
      .optional()
      .transform((value) => (value === undefined ? undefined : value === "true" || value === "1")),

    EMAIL_SERVER: urlWithProtocols(["smtp:", "smtps:"], "smtp://user:pass@smtp.example.com:587").optional(),
    /**
     * required (default): an smtp:// server that is not on this machine must upgrade to TLS (STARTTLS).
     * optional: TLS when the server offers it; only for a mail catcher on a private network (compose.yaml's Mailpit).
     */
    EMAIL_SERVER_TLS: z.enum(["required", "optional"], { message: 'expected "required" or "optional"' }).default("required"),
    EMAIL_FROM: z.string().min(3).default("Acme <no-reply@localhost>"),
    /**
     * SMTP connections each process keeps open for the outbox. A message takes several round
     * trips, each waiting its turn on a busy process's event loop: 5 connections sent about
     * 20 messages a second under a sign-in load (npm run bench). Mind the provider's own cap.
     */
    EMAIL_SERVER_CONNECTIONS: positiveInt(20, 100),
    DEV_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
    /** Set by scripts/run-app.ts when the development mail catcher runs; enables /dev/mailbox. */
    DEV_MAILBOX_DIR: z.string().optional(),
    /** First retry of an unsent email after this many seconds, doubling per try up to 5 minutes. */
    EMAIL_RETRY_BASE_SECONDS: positiveInt(2, 300),
    DKIM_DOMAIN: z.string().optional(),
    DKIM_SELECTOR: z.string().optional(),
    DKIM_PRIVATE_KEY: z.string().optional(),
    /** A hard bounce or complaint stops mail to that address for this many days. */
    EMAIL_SUPPRESSION_DAYS: positiveInt(30, 3650),
    /** Amazon SES feedback: the SNS topics whose notifications are accepted (comma-separated ARNs). */
    SES_SNS_TOPIC_ARNS: z
      .string()
      .default("")
      .refine(
        (value) =>
          value.split(",").every((arn) => !arn.trim() || /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn.trim())),
        {
          message: "expected comma-separated SNS topic ARNs such as arn:aws:sns:us-east-1:123456789012:ses-feedback",
        },
      )
      .transform((value) =>
        value
          .split(",")
          .map((arn) => arn.trim())
          .filter(Boolean),
      ),
    POSTMARK_WEBHOOK_USER: z.string().min(1).max(200).optional(),
    POSTMARK_WEBHOOK_PASSWORD: z.string().min(16, "expected at least 16 random characters").max(200).optional(),
    RESEND_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'expected the signing secret Resend shows, starting with "whsec_"')
      .optional(),

    AUTH_SECRET: z.string().min(32, "expected at least 32 characters (generate one with `openssl rand -base64 32`)").optional(),
    /** Keys the audit chain's MACs and signs its checkpoints; unset: derived from AUTH_SECRET. */
    AUDIT_CHAIN_KEY: z.string().min(32, "expected at least 32 characters (generate one with `openssl rand -base64 32`)").optional(),
    /** Earlier AUDIT_CHAIN_KEY values (or "auth-secret:<old AUTH_SECRET>"), comma-separated: verification only. */
    AUDIT_CHAIN_PREVIOUS_KEYS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    AUDIT_CHECKPOINT_MINUTES: positiveInt(15, 24 * 60),
    RETENTION_PERSONAL_DATA_DAYS: positiveInt(90, 10 * 365),
    /** Where background jobs run (README "Background jobs"): the web process, `npm run worker`, or POST /api/cron/jobs. */
    JOBS_MODE: z.enum(JOBS_MODES, { message: `expected one of ${JOBS_MODES.join(", ")}` }).default("web"),
    /** The bearer secret of POST /api/cron/jobs; without it the route answers 401 to everyone. */
    CRON_SECRET: z.string().min(32, "expected at least 32 characters (generate one with `openssl rand -base64 32`)").optional(),
    /** The audit stream's webhook sink (README "Audit stream"): unset, nothing is pushed. */
    AUDIT_WEBHOOK_URL: urlWithProtocols(["http:", "https:"], "https://siem.example.com/ingest/magic-link").optional(),
    /** Signs every batch (HMAC-SHA256); the receiver holds the same value. */
    AUDIT_WEBHOOK_SECRET: z.string().min(32, "expected at least 32 characters (generate one with `openssl rand -base64 32`)").optional(),
    AUDIT_WEBHOOK_BATCH_SIZE: positiveInt(100, 1000),
    AUTH_URL: urlWithProtocols(["http:", "https:"], "https://app.example.com").optional(),
    ADMIN_EMAILS: emailList,

    REDIS_URL: urlWithProtocols(["redis:", "rediss:"], "redis://127.0.0.1:6379").optional(),
    RATE_LIMIT_STORE_FAILURE: z.enum(["fallback", "closed"]).default("fallback"),
    /** Per mailbox (+tags folded) per requester: a recognised browser, or else the client's network. */
    RATE_LIMIT_PER_EMAIL: rateLimitRule("5/15m"),
    /** Per mailbox for all requesters that are not recognised browsers together. */
    RATE_LIMIT_PER_MAILBOX: rateLimitRule("20/15m"),
    RATE_LIMIT_PER_IP: rateLimitRule("30/15m"),
    RATE_LIMIT_PER_DEVICE: rateLimitRule("10/15m"),
    RATE_LIMIT_GLOBAL: rateLimitRule("300/1m"),
    REPEATED_REQUEST_NOTICE_HOURS: positiveInt(24, 24 * 30),
    BENCH_DISABLE_RATE_LIMITS: booleanFlag,
    /** Separate counters for deployments that share one database or Redis (e.g. staging beside production). */
    RATE_LIMIT_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9-]*$/, "expected lower-case letters, digits and dashes")
      .default(""),
    /** Where the client IP comes from (README, "Client IP"); required in production. */
    CLIENT_IP_SOURCE: z.enum(CLIENT_IP_SOURCES, { message: `expected one of ${CLIENT_IP_SOURCES.join(", ")}` }).optional(),
    /** For CLIENT_IP_SOURCE=x-forwarded-for: addresses or CIDR ranges of the proxies whose entries are believed. */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const parsed = parseAddressRanges(value);
        if ("invalid" in parsed) {
          ctx.addIssue({
            code: "custom",
            message: `expected comma-separated addresses or CIDR ranges such as 10.0.0.0/8, fd00::/8 ("${parsed.invalid}" is not one)`,
          });
          return z.NEVER;
        }
        return parsed.ranges;
      }),
    /** Set by the app at each start (lib/request/stamp-requests.ts), never by hand: proves its peer-address header (lib/request/peer-address.ts). */
    PEER_ADDRESS_SECRET: z.string().min(32).optional(),

    LINK_TTL_MINUTES: positiveInt(10, 60),
    CROSS_DEVICE_POLICY: z.enum(["strict", "approve", "allow"]).default("approve"),
    CODE_MAX_TRIES: positiveInt(5, 10),
    CODE_FAILURES_PER_ACCOUNT_PER_HOUR: positiveInt(10, 100),
    CODE_LOCKOUT_MINUTES: positiveInt(60, 24 * 60),
    /** Wrong codes (sign-in and step-up) from one network (IPv4 address, IPv6 /64) and in all. */
    CODE_FAILURES_PER_NETWORK: rateLimitRule("30/15m"),
    CODE_FAILURES_GLOBAL: rateLimitRule("600/1m"),
    /** Wrong authenticator, recovery and emailed step-up codes per account before code entry pauses. */
    STEP_UP_CODE_FAILURES: rateLimitRule("5/15m"),
    /** NIST SP 800-63B 5.2.2: consecutive wrong codes per account, ever, before codes are switched off. */
    CODE_FAILURES_IN_A_ROW_MAX: positiveInt(100, 100),
    CALLBACK_PATHS: pathList,

    /** How long an administrator's factor reset waits, so the owner (told by email) can cancel it. */
    FACTOR_RESET_DELAY_HOURS: positiveInt(24, 24 * 30),
    SESSION_IDLE_MINUTES: positiveInt(60 * 24 * 7),
    SESSION_ABSOLUTE_HOURS: positiveInt(24 * 30),
    STEP_UP_ADMIN_MAX_AGE_MINUTES: positiveInt(12 * 60),
    STEP_UP_ADMIN_IDLE_MINUTES: positiveInt(30),
    STEP_UP_SENSITIVE_MAX_AGE_MINUTES: positiveInt(5),
    /** When an email sign-in to an account with a passkey or authenticator app must also prove that factor. */
    SIGN_IN_FACTOR: z.enum(["require-factor-on-new-device", "always", "never"]).default("require-factor-on-new-device"),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_OWNER_URL && !sameDatabase(env.DATABASE_OWNER_URL, env.DATABASE_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_OWNER_URL"],
        message: "must name the same server and database as DATABASE_URL, with the owner role's credentials",
      });
    }
    if (Boolean(env.POSTMARK_WEBHOOK_USER) !== Boolean(env.POSTMARK_WEBHOOK_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: [env.POSTMARK_WEBHOOK_USER ? "POSTMARK_WEBHOOK_PASSWORD" : "POSTMARK_WEBHOOK_USER"],
        message: "is needed too: set both POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD, or neither",
      });
    }
    clientIpSourceIssues(env, ctx);
    if (env.AUDIT_WEBHOOK_URL && !env.AUDIT_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUDIT_WEBHOOK_SECRET"],
        message: "is required with AUDIT_WEBHOOK_URL: every batch is signed with it",
      });
    }
    if (env.AUDIT_WEBHOOK_URL && (new URL(env.AUDIT_WEBHOOK_URL).username || new URL(env.AUDIT_WEBHOOK_URL).password)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUDIT_WEBHOOK_URL"],
        message: "must not carry a user name or password: the receiver authenticates batches by their signature (AUDIT_WEBHOOK_SECRET)",
      });
    }
    if (env.NODE_ENV !== "production") return;
    if (env.JOBS_MODE === "cron" && !env.CRON_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["CRON_SECRET"],
        message:
          "is required with JOBS_MODE=cron in production: the scheduler calls POST /api/cron/jobs with Authorization: Bearer <CRON_SECRET>",
      });
    }
    if (
      env.AUDIT_WEBHOOK_URL &&
      !env.AUDIT_WEBHOOK_URL.startsWith("https://") &&
      !isLoopbackHost(new URL(env.AUDIT_WEBHOOK_URL).hostname)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["AUDIT_WEBHOOK_URL"],
        message: "must use https in production (the audit trail carries IP addresses)",
      });
    }
    if (!env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production (at least 32 random characters)" });
    }
    if (!env.EMAIL_SERVER) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_SERVER"],
        message: "is required in production: an SMTP URL such as smtp://user:pass@smtp.example.com:587",
      });
    }
    if (!env.AUTH_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message: "is required in production: the public origin, e.g. https://app.example.com",
      });
    }
    const publicOrigin = env.AUTH_URL ? new URL(env.AUTH_URL) : null;
    const onLoopback = publicOrigin !== null && isLoopbackHost(publicOrigin.hostname);
    if (publicOrigin?.protocol === "http:" && !onLoopback) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message:
          "must be https:// in production (over http cookies lose Secure and the __Host- prefix); only a loopback address may use http",
      });
    }
    // The bench runs a production build on this machine; a deployment never may switch limits off.
    if (env.BENCH_DISABLE_RATE_LIMITS && !onLoopback) {
      ctx.addIssue({
        code: "custom",
        path: ["BENCH_DISABLE_RATE_LIMITS"],
        message: "is only for the local bench: production refuses it unless AUTH_URL is a loopback address",
      });
    }
  });

/** A contradictory client IP source is refused everywhere; an undeclared one in production only. */
function clientIpSourceIssues(
  env: { NODE_ENV: string; CLIENT_IP_SOURCE?: ClientIpSource; TRUSTED_PROXIES: AddressRange[] },
  ctx: z.RefinementCtx,
): void {
  const source = env.CLIENT_IP_SOURCE;
  if (source === "x-forwarded-for" && env.TRUSTED_PROXIES.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["TRUSTED_PROXIES"],
      message: "is required with CLIENT_IP_SOURCE=x-forwarded-for: the addresses or CIDR ranges of your proxies, e.g. 10.0.0.0/8",
    });
  } else if (source !== "x-forwarded-for" && env.TRUSTED_PROXIES.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["TRUSTED_PROXIES"],
      message: `applies only to CLIENT_IP_SOURCE=x-forwarded-for (CLIENT_IP_SOURCE is ${source ?? "not set"}): remove it, or set CLIENT_IP_SOURCE=x-forwarded-for`,
    });
  }
  const everyone = env.TRUSTED_PROXIES.find(coversEveryone);
  if (everyone) {
    ctx.addIssue({
      code: "custom",
      path: ["TRUSTED_PROXIES"],
      message: `must not contain ${everyone.text}: that would believe every client's X-Forwarded-For`,
    });
  }
  if (env.NODE_ENV === "production" && !source) {
    ctx.addIssue({
      code: "custom",
      path: ["CLIENT_IP_SOURCE"],
      message: `is required in production: socket (the app faces the clients), x-forwarded-for (with TRUSTED_PROXIES) or your platform's header (${CLIENT_IP_SOURCES.slice(2).join(", ")})`,
    });
  }
}

export type Env = z.infer<typeof schema> & { AUTH_URL: string; AUTH_SECRET: string; CLIENT_IP_SOURCE: ClientIpSource };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses a set of variables; throws a ConfigError whose message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "configuration");
    const got = typeof cleaned[name] === "string" && !/SECRET|KEY|PASSWORD/.test(name) ? ` (got "${withoutPassword(cleaned[name])}")` : "";
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message.replace(/^Invalid input: /, "")}${got}`);
  }
  const env = result.data;
  return {
    ...env,
    AUTH_URL: (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    // Outside production a missing secret is filled in by scripts/run-app.ts; this fallback only serves unit tests and tooling.
    AUTH_SECRET: env.AUTH_SECRET ?? "development-only-secret-not-for-production-use",
    // Development: the app's request hook knows the socket (lib/request/stamp-requests.ts).
    CLIENT_IP_SOURCE: env.CLIENT_IP_SOURCE ?? "socket",
  };
}

/**
 * Checked where the app starts (instrumentation.ts), not in parseEnv: the scripts that parse
 * the same settings (migrations, seeding) serve no requests and need no client IP. Next.js
 * gives route handlers no socket address; the app's own request hook (lib/request/stamp-requests.ts)
 * supplies it under any Node.js server and sets PEER_ADDRESS_SECRET. A runtime that never ran
 * that hook (a platform's own request bridge) cannot serve "socket".
 */
export function assertClientIpSourceAvailable(env: Env): void {
  if (env.NODE_ENV !== "production" || env.CLIENT_IP_SOURCE !== "socket" || env.PEER_ADDRESS_SECRET) return;
  throw new ConfigError(
    "Invalid configuration: CLIENT_IP_SOURCE=socket needs the app's request hook, which did not run in this runtime, so no socket address reaches the app; set CLIENT_IP_SOURCE=x-forwarded-for with TRUSTED_PROXIES, or your platform's header",
  );
}

/** A value as it may be echoed in an error: the password of a URL's user info replaced. */
export function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^@\s]*@/i, "$1:***@");
}

let cached: Env | undefined;

export function readEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** Secure cookies and the __Host- prefix need HTTPS; plain http is only for local development. */
export function usesSecureCookies(env: Env = readEnv()): boolean {
  return env.AUTH_URL.startsWith("https://");
}

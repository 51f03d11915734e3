import { describe, expect, it } from "vitest";
import { assertClientIpSourceAvailable, ConfigError, parseEnv, withoutPassword } from "./env";

const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "s".repeat(32),
  AUTH_URL: "https://app.example.com",
  EMAIL_SERVER: "smtp://mail.example.com:587",
  CLIENT_IP_SOURCE: "x-forwarded-for",
  TRUSTED_PROXIES: "10.0.0.0/8",
};

function messageFor(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("parseEnv", () => {
  it("takes the audit webhook only with its secret, and only over https in production", () => {
    const secret = "w".repeat(32);
    expect(parseEnv({ AUDIT_WEBHOOK_URL: "http://127.0.0.1:9000/hook", AUDIT_WEBHOOK_SECRET: secret }).AUDIT_WEBHOOK_BATCH_SIZE).toBe(100);
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://siem.example.com/hook" })).toMatch(
      /^Invalid configuration: AUDIT_WEBHOOK_SECRET is required with AUDIT_WEBHOOK_URL/,
    );
    expect(messageFor({ AUDIT_WEBHOOK_URL: "ftp://siem.example.com/", AUDIT_WEBHOOK_SECRET: secret })).toMatch(
      /^Invalid configuration: AUDIT_WEBHOOK_URL expected a URL/,
    );
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://siem.example.com/", AUDIT_WEBHOOK_SECRET: "short" })).toMatch(
      /^Invalid configuration: AUDIT_WEBHOOK_SECRET expected at least 32 characters/,
    );
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://user:pass@siem.example.com/", AUDIT_WEBHOOK_SECRET: secret })).toMatch(
      /AUDIT_WEBHOOK_URL must not carry a user name or password/,
    );
    expect(messageFor({ ...production, AUDIT_WEBHOOK_URL: "http://siem.example.com/hook", AUDIT_WEBHOOK_SECRET: secret })).toMatch(
      /AUDIT_WEBHOOK_URL must use https in production/,
    );
    expect(
      parseEnv({ ...production, AUDIT_WEBHOOK_URL: "https://siem.example.com/hook", AUDIT_WEBHOOK_SECRET: secret }).AUDIT_WEBHOOK_URL,
    ).toBe("https://siem.example.com/hook");
  });

  it("reads JOBS_MODE (web by default) and refuses cron mode without CRON_SECRET in production", () => {
    const secret = "c".repeat(32);
    expect(parseEnv({}).JOBS_MODE).toBe("web");
    expect(parseEnv({ JOBS_MODE: "worker" }).JOBS_MODE).toBe("worker");
    expect(parseEnv({ JOBS_MODE: "cron" }).JOBS_MODE).toBe("cron");
    expect(messageFor({ JOBS_MODE: "queue" })).toBe('Invalid configuration: JOBS_MODE expected one of web, worker, cron (got "queue")');
    expect(messageFor({ ...production, JOBS_MODE: "cron" })).toMatch(
      /^Invalid configuration: CRON_SECRET is required with JOBS_MODE=cron in production/,
    );
    expect(parseEnv({ ...production, JOBS_MODE: "cron", CRON_SECRET: secret }).CRON_SECRET).toBe(secret);
    expect(messageFor({ CRON_SECRET: "short" })).toMatch(/^Invalid configuration: CRON_SECRET expected at least 32 characters/);
    expect(messageFor({ CRON_SECRET: "short" })).not.toContain('short"');
  });

  it("waits 24 hours before an administrator's factor reset by default, between 1 and 720", () => {
    expect(parseEnv({}).FACTOR_RESET_DELAY_HOURS).toBe(24);
    expect(parseEnv({ FACTOR_RESET_DELAY_HOURS: "72" }).FACTOR_RESET_DELAY_HOURS).toBe(72);
    for (const bad of ["0", "-1", "1.5", "721", "soon"])
      expect(messageFor({ FACTOR_RESET_DELAY_HOURS: bad })).toMatch(/^Invalid configuration: FACTOR_RESET_DELAY_HOURS /);
  });

  it("needs nothing in development and fills safe defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      AUTH_URL: "http://localhost:3000",
      LINK_TTL_MINUTES: 10,
      CROSS_DEVICE_POLICY: "approve",
      CODE_MAX_TRIES: 5,
      CLIENT_IP_SOURCE: "socket",
      TRUSTED_PROXIES: [],
      CALLBACK_PATHS: ["/account", "/admin"],
      RATE_LIMIT_STORE_FAILURE: "fallback",
      BENCH_DISABLE_RATE_LIMITS: false,
    });
    expect(env.RATE_LIMIT_PER_EMAIL).toEqual({ points: 5, durationSeconds: 900 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("requires the secret, the public URL and an SMTP server in production, naming each", () => {
    expect(parseEnv(production).AUTH_URL).toBe("https://app.example.com");
    expect(messageFor({ ...production, AUTH_SECRET: undefined })).toMatch(/^Invalid configuration: AUTH_SECRET is required in production/);
    expect(messageFor({ ...production, AUTH_URL: undefined })).toMatch(/^Invalid configuration: AUTH_URL is required in production/);
    expect(messageFor({ ...production, EMAIL_SERVER: undefined })).toMatch(
      /^Invalid configuration: EMAIL_SERVER is required in production/,
    );
  });

  it("explains a malformed value in one line, echoing it unless it is a secret", () => {
    const url = messageFor({ AUTH_URL: "not a url" });
    expect(url).toBe('Invalid configuration: AUTH_URL expected a URL such as https://app.example.com (got "not a url")');
    expect(url).not.toContain("\n");
    expect(messageFor({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL expected a URL such as postgresql:/);
    expect(messageFor({ EMAIL_SERVER: "http://mail" })).toMatch(/EMAIL_SERVER expected a URL such as smtp:/);
    expect(messageFor({ CROSS_DEVICE_POLICY: "maybe" })).toMatch(/^Invalid configuration: CROSS_DEVICE_POLICY/);
    expect(messageFor({ RATE_LIMIT_PER_IP: "lots" })).toMatch(/RATE_LIMIT_PER_IP expected "<count>\/<duration>"/);
    expect(messageFor({ LINK_TTL_MINUTES: "0" })).toMatch(/^Invalid configuration: LINK_TTL_MINUTES/);
    expect(messageFor({ CALLBACK_PATHS: "https://evil.example" })).toMatch(/CALLBACK_PATHS expected comma-separated relative paths/);
    const secret = messageFor({ AUTH_SECRET: "short" });
    expect(secret).toMatch(/AUTH_SECRET expected at least 32 characters/);
    expect(secret).not.toContain("short");
  });

  it("parses lists, rules and flags", () => {
    const env = parseEnv({
      ADMIN_EMAILS: " Alice@Example.com, bob@example.com ,",
      RATE_LIMIT_GLOBAL: "100/2h",
      BENCH_DISABLE_RATE_LIMITS: "true",
      AUTH_URL: "https://x.example/",
    });
    expect(env.ADMIN_EMAILS).toEqual(["alice@example.com", "bob@example.com"]);
    expect(env.RATE_LIMIT_GLOBAL).toEqual({ points: 100, durationSeconds: 7200 });
    expect(env.BENCH_DISABLE_RATE_LIMITS).toBe(true);
    expect(env.AUTH_URL).toBe("https://x.example");
  });
  it("checks the owner URL, the provider webhook secrets and the audit settings", () => {
    const app = "postgresql://app:pw@db.internal:5432/app";
    expect(parseEnv({ DATABASE_URL: app, DATABASE_OWNER_URL: "postgresql://owner:pw@db.internal/app" }).DATABASE_OWNER_URL).toBe(
      "postgresql://owner:pw@db.internal/app",
    );
    expect(messageFor({ DATABASE_URL: app, DATABASE_OWNER_URL: "postgresql://owner:pw@db.internal:5432/other" })).toMatch(
      /DATABASE_OWNER_URL must name the same server and database/,
    );
    expect(messageFor({ DATABASE_OWNER_URL: "postgresql://owner@127.0.0.1/app" })).toMatch(/DATABASE_OWNER_URL must name the same server/);
    expect(messageFor({ POSTMARK_WEBHOOK_USER: "hooks" })).toMatch(/^Invalid configuration: POSTMARK_WEBHOOK_PASSWORD is needed too/);
    expect(messageFor({ RESEND_WEBHOOK_SECRET: "re_123" })).toMatch(/RESEND_WEBHOOK_SECRET expected the signing secret Resend shows/);
    expect(messageFor({ SES_SNS_TOPIC_ARNS: "arn:aws:s3:::bucket" })).toMatch(/SES_SNS_TOPIC_ARNS expected comma-separated SNS topic ARNs/);
    const env = parseEnv({
      SES_SNS_TOPIC_ARNS: "arn:aws:sns:eu-west-1:123456789012:a, arn:aws:sns:us-east-1:123456789012:b",
      AUDIT_CHAIN_PREVIOUS_KEYS: "old-one, auth-secret:older",
    });
    expect(env.SES_SNS_TOPIC_ARNS).toEqual(["arn:aws:sns:eu-west-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"]);
    expect(env.AUDIT_CHAIN_PREVIOUS_KEYS).toEqual(["old-one", "auth-secret:older"]);
    expect(env).toMatchObject({ EMAIL_SUPPRESSION_DAYS: 30, RETENTION_PERSONAL_DATA_DAYS: 90, AUDIT_CHECKPOINT_MINUTES: 15 });
    expect(messageFor({ AUDIT_CHAIN_KEY: "short" })).not.toContain("short");
  });

  it("requires a declared client IP source in production, and refuses a contradictory one anywhere", () => {
    expect(messageFor({ ...production, CLIENT_IP_SOURCE: undefined, TRUSTED_PROXIES: undefined })).toMatch(
      /^Invalid configuration: CLIENT_IP_SOURCE is required in production: socket .*x-forwarded-for \(with TRUSTED_PROXIES\).*cf-connecting-ip/,
    );
    expect(messageFor({ ...production, CLIENT_IP_SOURCE: "forwarded" })).toMatch(
      /^Invalid configuration: CLIENT_IP_SOURCE expected one of socket, x-forwarded-for, x-real-ip/,
    );
    expect(messageFor({ ...production, TRUSTED_PROXIES: undefined })).toMatch(
      /^Invalid configuration: TRUSTED_PROXIES is required with CLIENT_IP_SOURCE=x-forwarded-for/,
    );
    expect(messageFor({ CLIENT_IP_SOURCE: "x-forwarded-for" })).toMatch(
      /TRUSTED_PROXIES is required with CLIENT_IP_SOURCE=x-forwarded-for/,
    );
    expect(messageFor({ ...production, CLIENT_IP_SOURCE: "cf-connecting-ip" })).toMatch(
      /^Invalid configuration: TRUSTED_PROXIES applies only to CLIENT_IP_SOURCE=x-forwarded-for \(CLIENT_IP_SOURCE is cf-connecting-ip\)/,
    );
    expect(messageFor({ TRUSTED_PROXIES: "10.0.0.0/8" })).toMatch(
      /TRUSTED_PROXIES applies only to CLIENT_IP_SOURCE=x-forwarded-for \(CLIENT_IP_SOURCE is not set\)/,
    );
    expect(messageFor({ ...production, TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).toMatch(
      /TRUSTED_PROXIES expected comma-separated addresses or CIDR ranges .*"proxy.internal" is not one/,
    );
    expect(messageFor({ ...production, TRUSTED_PROXIES: "10.0.0.0/8, ::/0" })).toMatch(/TRUSTED_PROXIES must not contain ::\/0/);
    expect(messageFor({ ...production, TRUSTED_PROXIES: "0.0.0.0/0" })).toMatch(/TRUSTED_PROXIES must not contain 0.0.0.0\/0/);
    for (const message of [messageFor({ ...production, CLIENT_IP_SOURCE: undefined }), messageFor({ ...production, TRUSTED_PROXIES: "x" })])
      expect(message).not.toContain("\n");

    const env = parseEnv({ ...production, TRUSTED_PROXIES: "10.0.0.0/8, fd00::/8, 192.168.1.1" });
    expect(env.TRUSTED_PROXIES.map((range) => range.text)).toEqual(["10.0.0.0/8", "fd00::/8", "192.168.1.1/32"]);
    expect(parseEnv({ ...production, CLIENT_IP_SOURCE: "fly-client-ip", TRUSTED_PROXIES: undefined }).CLIENT_IP_SOURCE).toBe(
      "fly-client-ip",
    );
  });

  it("refuses socket at start-up in production unless the app's request hook supplies the peer", () => {
    const socket = parseEnv({ ...production, CLIENT_IP_SOURCE: "socket", TRUSTED_PROXIES: undefined });
    expect(() => assertClientIpSourceAvailable(socket)).toThrow(
      /^Invalid configuration: CLIENT_IP_SOURCE=socket needs the app's request hook/,
    );
    const behindServer = parseEnv({
      ...production,
      CLIENT_IP_SOURCE: "socket",
      TRUSTED_PROXIES: undefined,
      PEER_ADDRESS_SECRET: "p".repeat(43),
    });
    expect(() => assertClientIpSourceAvailable(behindServer)).not.toThrow();
    expect(() => assertClientIpSourceAvailable(parseEnv(production))).not.toThrow();
    // Development needs nothing: the hook runs there too, and without it every client is one unknown address.
    expect(() => assertClientIpSourceAvailable(parseEnv({}))).not.toThrow();
  });

  it("keeps 20 SMTP connections per process unless EMAIL_SERVER_CONNECTIONS says otherwise, within 1 to 100", () => {
    expect(parseEnv({}).EMAIL_SERVER_CONNECTIONS).toBe(20);
    expect(parseEnv({ EMAIL_SERVER_CONNECTIONS: "4" }).EMAIL_SERVER_CONNECTIONS).toBe(4);
    expect(messageFor({ EMAIL_SERVER_CONNECTIONS: "0" })).toMatch(/EMAIL_SERVER_CONNECTIONS/);
    expect(messageFor({ EMAIL_SERVER_CONNECTIONS: "500" })).toMatch(/EMAIL_SERVER_CONNECTIONS/);
  });

  it("requires TLS to a remote SMTP server unless EMAIL_SERVER_TLS=optional says it is a catcher on a private network", () => {
    expect(parseEnv({}).EMAIL_SERVER_TLS).toBe("required");
    expect(parseEnv({ ...production, EMAIL_SERVER: "smtp://mailpit:1025", EMAIL_SERVER_TLS: "optional" }).EMAIL_SERVER_TLS).toBe(
      "optional",
    );
    expect(messageFor({ EMAIL_SERVER_TLS: "off" })).toMatch(
      /^Invalid configuration: EMAIL_SERVER_TLS expected "required" or "optional" \(got "off"\)/,
    );
  });

  it("reads MIGRATE_ON_START as on, off or unset (then the start script decides by the database)", () => {
    expect(parseEnv({}).MIGRATE_ON_START).toBeUndefined();
    expect(parseEnv({ MIGRATE_ON_START: "true" }).MIGRATE_ON_START).toBe(true);
    expect(parseEnv({ MIGRATE_ON_START: "0" }).MIGRATE_ON_START).toBe(false);
    expect(messageFor({ MIGRATE_ON_START: "yes" })).toMatch(
      /^Invalid configuration: MIGRATE_ON_START expected "true" or "false" \(got "yes"\)/,
    );
  });

  it("refuses settings that would weaken production silently", () => {
    expect(messageFor({ ...production, AUTH_URL: "http://app.example.com" })).toMatch(
      /^Invalid configuration: AUTH_URL must be https:\/\/ in production/,
    );
    expect(parseEnv({ ...production, AUTH_URL: "http://localhost:3000" }).AUTH_URL).toBe("http://localhost:3000");
    expect(messageFor({ ...production, BENCH_DISABLE_RATE_LIMITS: "true" })).toMatch(
      /^Invalid configuration: BENCH_DISABLE_RATE_LIMITS is only for the local bench/,
    );
    expect(
      parseEnv({ ...production, AUTH_URL: "http://127.0.0.1:3000", BENCH_DISABLE_RATE_LIMITS: "true" }).BENCH_DISABLE_RATE_LIMITS,
    ).toBe(true);
  });

  it("never echoes a password from a malformed URL", () => {
    for (const name of ["DATABASE_URL", "EMAIL_SERVER", "REDIS_URL"]) {
      const message = messageFor({ [name]: "postgres://app:hunter2-secret@db host:99999/x y" });
      expect(message).toContain(name);
      expect(message).not.toContain("hunter2");
    }
    expect(withoutPassword("smtp://user:p%40ss@mail.example.com:587")).toBe("smtp://user:***@mail.example.com:587");
    expect(withoutPassword("redis://:only-password@127.0.0.1:6379")).toBe("redis://:***@127.0.0.1:6379");
    expect(withoutPassword("no-url-here")).toBe("no-url-here");
  });
});

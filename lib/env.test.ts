import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const production = { NODE_ENV: "production", AUTH_SECRET: "s".repeat(32), AUTH_URL: "https://app.example.com", EMAIL_SERVER: "smtp://mail.example.com:587" };

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
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://siem.example.com/hook" })).toMatch(/^Invalid configuration: AUDIT_WEBHOOK_SECRET is required with AUDIT_WEBHOOK_URL/);
    expect(messageFor({ AUDIT_WEBHOOK_URL: "ftp://siem.example.com/", AUDIT_WEBHOOK_SECRET: secret })).toMatch(/^Invalid configuration: AUDIT_WEBHOOK_URL expected a URL/);
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://siem.example.com/", AUDIT_WEBHOOK_SECRET: "short" })).toMatch(/^Invalid configuration: AUDIT_WEBHOOK_SECRET expected at least 32 characters/);
    expect(messageFor({ AUDIT_WEBHOOK_URL: "https://user:pass@siem.example.com/", AUDIT_WEBHOOK_SECRET: secret })).toMatch(/AUDIT_WEBHOOK_URL must not carry a user name or password/);
    expect(messageFor({ ...production, AUDIT_WEBHOOK_URL: "http://siem.example.com/hook", AUDIT_WEBHOOK_SECRET: secret })).toMatch(/AUDIT_WEBHOOK_URL must use https in production/);
    expect(parseEnv({ ...production, AUDIT_WEBHOOK_URL: "https://siem.example.com/hook", AUDIT_WEBHOOK_SECRET: secret }).AUDIT_WEBHOOK_URL).toBe("https://siem.example.com/hook");
  });

  it("needs nothing in development and fills safe defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      AUTH_URL: "http://localhost:3000",
      LINK_TTL_MINUTES: 10,
      CROSS_DEVICE_POLICY: "approve",
      CODE_MAX_TRIES: 5,
      TRUSTED_PROXY_COUNT: 0,
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
    expect(messageFor({ ...production, EMAIL_SERVER: undefined })).toMatch(/^Invalid configuration: EMAIL_SERVER is required in production/);
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
    const env = parseEnv({ ADMIN_EMAILS: " Alice@Example.com, bob@example.com ,", RATE_LIMIT_GLOBAL: "100/2h", BENCH_DISABLE_RATE_LIMITS: "true", AUTH_URL: "https://x.example/" });
    expect(env.ADMIN_EMAILS).toEqual(["alice@example.com", "bob@example.com"]);
    expect(env.RATE_LIMIT_GLOBAL).toEqual({ points: 100, durationSeconds: 7200 });
    expect(env.BENCH_DISABLE_RATE_LIMITS).toBe(true);
    expect(env.AUTH_URL).toBe("https://x.example");
  });
  it("checks the owner URL, the provider webhook secrets and the audit settings", () => {
    const app = "postgresql://app:pw@db.internal:5432/app";
    expect(parseEnv({ DATABASE_URL: app, DATABASE_OWNER_URL: "postgresql://owner:pw@db.internal/app" }).DATABASE_OWNER_URL).toBe("postgresql://owner:pw@db.internal/app");
    expect(messageFor({ DATABASE_URL: app, DATABASE_OWNER_URL: "postgresql://owner:pw@db.internal:5432/other" })).toMatch(/DATABASE_OWNER_URL must name the same server and database/);
    expect(messageFor({ DATABASE_OWNER_URL: "postgresql://owner@127.0.0.1/app" })).toMatch(/DATABASE_OWNER_URL must name the same server/);
    expect(messageFor({ POSTMARK_WEBHOOK_USER: "hooks" })).toMatch(/^Invalid configuration: POSTMARK_WEBHOOK_PASSWORD is needed too/);
    expect(messageFor({ RESEND_WEBHOOK_SECRET: "re_123" })).toMatch(/RESEND_WEBHOOK_SECRET expected the signing secret Resend shows/);
    expect(messageFor({ SES_SNS_TOPIC_ARNS: "arn:aws:s3:::bucket" })).toMatch(/SES_SNS_TOPIC_ARNS expected comma-separated SNS topic ARNs/);
    const env = parseEnv({ SES_SNS_TOPIC_ARNS: "arn:aws:sns:eu-west-1:123456789012:a, arn:aws:sns:us-east-1:123456789012:b", AUDIT_CHAIN_PREVIOUS_KEYS: "old-one, auth-secret:older" });
    expect(env.SES_SNS_TOPIC_ARNS).toEqual(["arn:aws:sns:eu-west-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"]);
    expect(env.AUDIT_CHAIN_PREVIOUS_KEYS).toEqual(["old-one", "auth-secret:older"]);
    expect(env).toMatchObject({ EMAIL_SUPPRESSION_DAYS: 30, RETENTION_PERSONAL_DATA_DAYS: 90, AUDIT_CHECKPOINT_MINUTES: 15 });
    expect(messageFor({ AUDIT_CHAIN_KEY: "short" })).not.toContain("short");
  });
});

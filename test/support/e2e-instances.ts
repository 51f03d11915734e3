/** The app instances the end-to-end global setup (test/e2e-global-setup.ts) starts for the specs, one per set of settings. */
const LOW_LIMITS = {
  RATE_LIMIT_PER_EMAIL: "3/15m",
  RATE_LIMIT_PER_MAILBOX: "3/15m",
  RATE_LIMIT_PER_IP: "4/15m",
  RATE_LIMIT_PER_DEVICE: "50/15m",
  RATE_LIMIT_GLOBAL: "30/1m",
};

// E2E_PORT_BASE moves every port (and the mailbox and database names) so two runs can share a machine.
const BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
const RUN = BASE === 3100 ? "" : `-${BASE}`;

export const E2E_SMTP_PORT = BASE === 3100 ? 2525 : BASE - 600;
export const E2E_MAILBOX = `.data/e2e-mailbox${RUN}`;
export const E2E_DATABASE_NAME = `magic_link_e2e${RUN.replace("-", "_")}`;
export const E2E_REDIS_URL = `redis://127.0.0.1:6379/${BASE === 3100 ? 9 : 10 + (BASE % 5)}`;

/** Settings every instance shares (the global setup adds DATABASE_URL); specs that start more instances reuse them. */
export const E2E_SHARED_ENV = {
  EMAIL_SERVER: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
  EMAIL_FROM: "Acme <no-reply@acme.test>",
  AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
  ADMIN_EMAILS: "admin@acme.test",
  // The tests play a trusted proxy on loopback: every test context sends its own X-Forwarded-For,
  // so tests do not share IP budgets. Anything else reaching an instance is no proxy.
  CLIENT_IP_SOURCE: "x-forwarded-for",
  TRUSTED_PROXIES: "127.0.0.1, ::1",
  // Delivery feedback (e2e/delivery-feedback.spec.ts signs its requests with these).
  SES_SNS_TOPIC_ARNS: "arn:aws:sns:eu-west-1:123456789012:e2e-ses-feedback",
  POSTMARK_WEBHOOK_USER: "postmark-e2e",
  POSTMARK_WEBHOOK_PASSWORD: "postmark-e2e-password-0123456789",
  RESEND_WEBHOOK_SECRET: "whsec_ZTJlLXJlc2VuZC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5",
};

export const E2E_INSTANCES = {
  approve: { name: `approve${RUN}`, port: BASE, env: { CROSS_DEVICE_POLICY: "approve" } },
  // A time to live other than the default, so that pages and emails are seen to say the configured one.
  strict: { name: `strict${RUN}`, port: BASE + 1, env: { CROSS_DEVICE_POLICY: "strict", LINK_TTL_MINUTES: "15" } },
  allow: { name: `allow${RUN}`, port: BASE + 2, env: { CROSS_DEVICE_POLICY: "allow" } },
  // Their own counters: the other instances share this database and would spend the low global budget.
  limitsPostgres: { name: `limits-postgres${RUN}`, port: BASE + 3, env: { ...LOW_LIMITS, RATE_LIMIT_NAMESPACE: "limits-test" } },
  limitsRedis: {
    name: `limits-redis${RUN}`,
    port: BASE + 4,
    env: { ...LOW_LIMITS, REDIS_URL: E2E_REDIS_URL, RATE_LIMIT_NAMESPACE: "limits-test" },
  },
} as const;

export type InstanceName = keyof typeof E2E_INSTANCES;

export function instanceUrl(name: InstanceName): string {
  return `http://localhost:${E2E_INSTANCES[name].port}`;
}

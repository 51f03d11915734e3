import nodemailer, { type Transporter } from "nodemailer";
import { isLoopbackHost, readEnv } from "../env";

const globalTransport = globalThis as unknown as { mailTransport?: Transporter };

/**
 * One pooled SMTP transport per process. TLS is required for any server that is not on
 * this machine, unless EMAIL_SERVER_TLS=optional says it is a catcher on a private network;
 * DKIM signing is added when its three settings are present.
 */
export function mailTransport(): Transporter {
  globalTransport.mailTransport ??= createTransport();
  return globalTransport.mailTransport;
}

function createTransport(): Transporter {
  const env = readEnv();
  if (!env.EMAIL_SERVER)
    throw new Error("EMAIL_SERVER is not set: start the app with `npm run dev` for a local mail catcher, or set an smtp:// URL");
  const server = new URL(env.EMAIL_SERVER);
  const local = isLoopbackHost(server.hostname);
  const dkim =
    env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY
      ? { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey: env.DKIM_PRIVATE_KEY }
      : undefined;
  return nodemailer.createTransport({
    host: server.hostname,
    port: Number(server.port) || (server.protocol === "smtps:" ? 465 : 587),
    secure: server.protocol === "smtps:",
    requireTLS: !local && server.protocol !== "smtps:" && env.EMAIL_SERVER_TLS === "required",
    auth: server.username ? { user: decodeURIComponent(server.username), pass: decodeURIComponent(server.password) } : undefined,
    pool: true,
    maxConnections: env.EMAIL_SERVER_CONNECTIONS,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
    dkim,
  });
}

/** Drops the pooled connections, e.g. after the server refused us, so the next try reconnects. */
export function resetMailTransport(): void {
  globalTransport.mailTransport?.close();
  globalTransport.mailTransport = undefined;
}

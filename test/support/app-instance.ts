import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { STANDALONE_START } from "../../scripts/support/standalone-start";

export interface AppInstance {
  name: string;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * How an instance is served: the standalone server as the container image runs it (the
 * default), plain `next start`, or our server.mjs (`npm start`).
 */
export type AppServer = "standalone" | "next-start" | "server.mjs";

function serverCommand(server: AppServer, port: number): string[] {
  if (server === "next-start") return [path.join("node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port)];
  if (server === "server.mjs") return ["scripts/server.mjs", "start", String(port)];
  return [STANDALONE_START.script];
}

/**
 * Starts one production instance of the app (the standalone server unless `server` says
 * otherwise, after `npm run build`) with the given settings, logging to .data/logs/<name>.log,
 * and waits until it answers.
 */
export async function startAppInstance(options: {
  name: string;
  port: number;
  env: Record<string, string | undefined>;
  server?: AppServer;
  /** Another app entirely (the request benchmark's stock Auth.js baseline): its command line and a path answering 200 once ready. */
  command?: string[];
  readyPath?: string;
}): Promise<AppInstance> {
  const url = `http://localhost:${options.port}`;
  mkdirSync(path.join(".data", "logs"), { recursive: true });
  const log = createWriteStream(path.join(".data", "logs", `${options.name}.log`));
  const server = options.server ?? "standalone";
  const child = spawn(process.execPath, options.command ?? serverCommand(server, options.port), {
    env: {
      ...process.env,
      ...(server === "standalone" && !options.command ? STANDALONE_START.env : {}),
      PORT: String(options.port),
      AUTH_URL: url,
      ...options.env,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Both streams share one file: neither may end it for the other.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("close", () => log.end());
  try {
    await waitUntilReady(`${url}${options.readyPath ?? "/signin"}`, child, options.name);
  } catch (error) {
    // Never leave a half-started server holding the port.
    child.kill("SIGKILL");
    throw error;
  }
  return {
    name: options.name,
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        // Already gone: exited by itself, or killed by a signal (then exitCode stays null).
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

async function waitUntilReady(readyUrl: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`App instance "${name}" exited with code ${child.exitCode}; see .data/logs/${name}.log`);
    try {
      const response = await fetch(readyUrl);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`App instance "${name}" did not answer within 60 s; see .data/logs/${name}.log`);
}

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "emails",
  "next.config.ts",
  "proxy.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "instrumentation.ts",
  "scripts/standalone-assets.ts",
];

/** The newest modification time under a file or folder (generated code left out), in ms. */
export function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, child) => (child === "generated" ? newest : Math.max(newest, newestChange(path.join(entry, child)))),
    stats.mtimeMs,
  );
}

/** Runs `npm run build` (next build and the standalone server) unless the last build is newer than every source file. */
export function buildIfNeeded(): void {
  const buildId = path.join(".next", "BUILD_ID");
  const standaloneServer = path.join(".next", "standalone", "server.js");
  if (existsSync(buildId) && existsSync(standaloneServer) && statSync(buildId).mtimeMs > Math.max(...SOURCES.map(newestChange))) {
    console.log("Using the existing production build (.next is newer than the sources).");
    return;
  }
  console.log("Building the app (next build)…");
  const started = Date.now();
  const result = spawnSync("npm", ["run", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

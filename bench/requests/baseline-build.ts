/**
 * Builds the stock Auth.js baseline (baseline-authjs/) unless its last build is newer than its
 * sources: its Prisma client, then `next build`. main.ts runs this under
 * flock on BASELINE_BUILD_LOCK, so two benches never build into the same folder at once.
 * Usage: node --import tsx bench/requests/baseline-build.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { runPrismaQuietly } from "../../scripts/prisma";
import { newestChange } from "../../test/support/build-if-needed";
import { BASELINE } from "./baseline";

function isFresh(): boolean {
  if (!existsSync(BASELINE.buildId)) return false;
  return statSync(BASELINE.buildId).mtimeMs > Math.max(...BASELINE.sources.map(newestChange));
}

if (isFresh()) {
  console.log("Using the existing stock Auth.js build (newer than its sources).");
} else {
  console.log("Building the stock Auth.js baseline (prisma generate, next build)…");
  const started = Date.now();
  runPrismaQuietly(["generate", "--schema", BASELINE.schema]);
  // Webpack, not Turbopack: Turbopack, rooted at the repository for its node_modules, bundles
  // the main app's instrumentation.ts into the baseline. The server that runs it is the same.
  const result = spawnSync(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), "build", "--webpack", BASELINE.dir],
    {
      stdio: "inherit",
      // The Nodemailer provider checks for a server when its module loads, which `next build`
      // does to collect route data; the real one comes with `next start` (baseline.ts).
      env: { EMAIL_SERVER: "smtp://127.0.0.1:25", ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (result.status !== 0) {
    console.error("next build of the stock Auth.js baseline failed");
    process.exit(1);
  }
  console.log(`Built the baseline in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

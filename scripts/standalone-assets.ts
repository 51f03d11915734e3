/**
 * Completes `next build`'s standalone output (.next/standalone), which leaves out the files a
 * CDN would normally serve: the client bundles (.next/static) and public/. Copied next to
 * server.js, `node .next/standalone/server.js` serves the whole app on its own, as the
 * container image and the end-to-end tests run it. Part of `npm run build`.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const STANDALONE = path.join(".next", "standalone");

if (!existsSync(path.join(STANDALONE, "server.js"))) {
  throw new Error(`${STANDALONE}/server.js is missing: next.config.ts must keep output: "standalone".`);
}
for (const folder of [path.join(".next", "static"), "public"]) {
  if (!existsSync(folder)) continue;
  const target = path.join(STANDALONE, folder);
  rmSync(target, { recursive: true, force: true });
  cpSync(folder, target, { recursive: true });
}
console.log(`Standalone server ready: node ${STANDALONE}/server.js`);

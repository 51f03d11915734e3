import { existsSync } from "node:fs";
import { chromium } from "playwright";

/** Debian's Chromium when present, else Playwright's own browser; null when neither is installed. */
export function findChromium(): string | null {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    const bundled = chromium.executablePath();
    return existsSync(bundled) ? bundled : null;
  } catch {
    return null;
  }
}

export const CHROMIUM_INSTALL_HINT =
  "No Chromium found for the end-to-end tests. Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`, then run `npm test` again.";

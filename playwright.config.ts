import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/support/find-chromium";
import { instanceUrl } from "./e2e/support/instances";

const executablePath = findChromium() ?? undefined;
const runningAsRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  // CI machines are shared and slow; one retry keeps a timing hiccup from failing a run,
  // and the summary still reports every test that needed it as flaky.
  retries: process.env.CI ? 1 : 0,
  fullyParallel: false,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: instanceUrl("approve"),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        ...(runningAsRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});

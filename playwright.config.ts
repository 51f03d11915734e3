import { defineConfig } from "@playwright/test";
import { findChromium } from "./test/support/find-chromium";
import { instanceUrl } from "./test/support/e2e-instances";

const executablePath = findChromium() ?? undefined;
const runningAsRoot = process.getuid?.() === 0;

/**
 * Specs that load the machine or take a service away on purpose (a flood, a database stop, an
 * SMTP outage, an attacker's scripted requests, two instances of their own, the development server compiling). They run one at a time beside the ordinary flows,
 * so that one spec's deliberate load never eats into another's outage window.
 */
const LOAD_SPECS = ["**/faults-*.spec.ts", "**/scale-*.spec.ts", "**/attack-*.spec.ts", "**/dev-*.spec.ts"];

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Caps, not waits: every step waits for a state. A person's whole journey through three
  // browsers takes 30 s on an idle machine and twice that on a busy one; the caps leave room.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 2,
  // CI machines are shared and slow; one retry keeps a timing hiccup from failing a run,
  // and the summary still reports every test that needed it as flaky.
  retries: process.env.CI ? 1 : 0,
  fullyParallel: false,
  reporter: [["list"]],
  projects: [
    { name: "flows", testIgnore: LOAD_SPECS },
    { name: "load", testMatch: LOAD_SPECS, workers: 1 },
  ],
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

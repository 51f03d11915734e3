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

const PROJECTS = [
  { name: "flows", testIgnore: LOAD_SPECS },
  { name: "load", testMatch: LOAD_SPECS, workers: 1 },
];
/** E2E_PROJECT=flows runs only the ordinary flows (CI's second pass: the load specs ran in the first). */
const chosenProjects = process.env.E2E_PROJECT ? PROJECTS.filter((project) => project.name === process.env.E2E_PROJECT) : PROJECTS;

export default defineConfig({
  testDir: "e2e",
  // The database, the mail catcher and the shared app instances are started here, not by
  // `webServer`: Playwright starts web servers before the global setup, so they could not be
  // given the database it creates and migrates, and the catcher has to live in a process that
  // stays up for the whole run, which the runner's (where the global setup runs) does.
  globalSetup: "./test/e2e-global-setup.ts",
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
  projects: chosenProjects,
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

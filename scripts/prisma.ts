/**
 * Runs the Prisma CLI without native engines (Prisma 6.19's WebAssembly schema engine
 * through the pg driver adapter). The CLI still looks for engine files at start-up;
 * pointing these variables at an existing file stops it from trying to download them.
 * Usage: tsx scripts/prisma.ts <prisma arguments…>
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export function prismaEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const placeholderEngine = require.resolve("prisma/package.json");
  return {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholderEngine,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholderEngine,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_SKIP_POSTINSTALL_GENERATE: "1",
    // The CLI connects with DATABASE_URL alone; an owner URL for another database would fail validation.
    DATABASE_OWNER_URL: undefined,
    ...extra,
  };
}

const prismaCli = () => path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");

export function runPrisma(args: string[], extra: Record<string, string | undefined> = {}): void {
  const result = spawnSync(process.execPath, [prismaCli(), ...args], { stdio: "inherit", env: prismaEnvironment(extra) });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed with exit code ${result.status}`);
  }
}

/** Runs the CLI with its output captured and returns it; on failure, prints all of it first. */
export function runPrismaQuietly(args: string[], extra: Record<string, string | undefined> = {}): string {
  const result = spawnSync(process.execPath, [prismaCli(), ...args], { encoding: "utf8", env: prismaEnvironment(extra) });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    throw new Error(`prisma ${args.join(" ")} failed with exit code ${result.status}`);
  }
  return output;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    runPrisma(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

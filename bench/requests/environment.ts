import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

const PACKAGES = ["next", "next-auth", "@auth/prisma-adapter", "prisma", "@prisma/client", "@prisma/adapter-pg", "pg", "autocannon"];

/** Exact versions of everything the figures depend on, as installed (not as ranged in package.json). */
export async function describeEnvironment(pool: pg.Pool) {
  const versions: Record<string, string> = { node: process.version };
  for (const name of PACKAGES) {
    versions[name] = JSON.parse(readFileSync(path.join("node_modules", name, "package.json"), "utf8")).version;
  }
  versions.postgresql = (await pool.query("SELECT version()")).rows[0].version;
  const cpus = os.cpus();
  return {
    versions,
    machine: {
      cpu: cpus[0]?.model ?? "unknown",
      cores: cpus.length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
    },
  };
}

/** Peak resident memory of a process so far (the kernel's high-water mark), in MB. */
export function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

const PACKAGES = [
  "next",
  "next-auth",
  "@auth/core",
  "@auth/prisma-adapter",
  "prisma",
  "@prisma/client",
  "@prisma/adapter-pg",
  "pg",
  "nodemailer",
  "rate-limiter-flexible",
  "ioredis",
  "smtp-server",
  "autocannon",
];

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

/** Peak resident memory of a process and its children so far (the kernel's high-water marks, summed), in MB. */
export function peakRssMb(pid: number | undefined): number | null {
  return treeMb(pid, "VmHWM");
}

/** Resident memory of a process and its children now, in MB. */
export function rssMb(pid: number | undefined): number | null {
  return treeMb(pid, "VmRSS");
}

/** A server may run its work in a child process (`next start` can): its memory counts too. */
function treeMb(pid: number | undefined, field: "VmHWM" | "VmRSS"): number | null {
  if (pid === undefined) return null;
  const own = statusKb(pid, field);
  if (own === null) return null;
  const children = childrenOf(pid).map((child) => treeMb(child, field) ?? 0);
  return Math.round(own / 1024) + children.reduce((sum, mb) => sum + mb, 0);
}

function statusKb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

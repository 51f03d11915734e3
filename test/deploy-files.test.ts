import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { STANDALONE_START } from "@/scripts/support/standalone-start";

/**
 * The container files, read the way Docker reads them (no Docker daemon is needed, so CI runs
 * this everywhere): the facts a deployment rests on. The end-to-end suite starts the app the way
 * the image's CMD does (STANDALONE_START), so this test is what ties that suite to the image.
 */

interface Instruction {
  keyword: string;
  argument: string;
}
interface Stage {
  from: string;
  name: string;
  instructions: Instruction[];
}

/** Dockerfile instructions by stage: comments dropped, continuation lines joined. */
function dockerfileStages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const stages: Stage[] = [];
  for (const line of lines.map((each) => each.trim())) {
    if (!line || line.startsWith("#")) continue;
    const [, keyword, argument] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword) continue;
    if (keyword.toUpperCase() === "FROM") {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(argument) ?? [];
      stages.push({ from, name: name ?? "", instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), argument: argument.trim() });
  }
  return stages;
}

function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((each) => each.name === name);
  if (!found) throw new Error(`Dockerfile has no stage "${name}"`);
  return found;
}

/** A stage's instructions with those of the stages it builds on (FROM <stage>) first. */
function inherited(stages: Stage[], name: string): Instruction[] {
  const own = stage(stages, name);
  const parent = stages.find((each) => each.name === own.from);
  return [...(parent ? inherited(stages, parent.name) : []), ...own.instructions];
}

function last(instructions: Instruction[], keyword: string): string | undefined {
  return instructions.filter((each) => each.keyword === keyword).at(-1)?.argument;
}

/** ENV lines in both forms (KEY=value ..., and the legacy KEY value). */
function environment(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { argument } of instructions.filter((each) => each.keyword === "ENV")) {
    if (!argument.includes("=")) {
      const [key, ...value] = argument.split(/\s+/);
      env[key] = value.join(" ");
      continue;
    }
    for (const [, key, value] of argument.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[key] = value.replace(/^"|"$/g, "");
  }
  return env;
}

/** Compose's interpolation of ${NAME}, ${NAME:-default} and ${NAME:?message} against `variables`. */
function interpolate(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:-|:\?)([^}]*))?\}/g, (_, name: string, operator: string | undefined, rest: string) => {
    if (variables[name]) return variables[name];
    if (operator === ":?") throw new Error(`compose.yaml requires ${name}: ${rest}`);
    return operator === ":-" ? rest : "";
  });
}

const stages = dockerfileStages(readFileSync("Dockerfile", "utf8"));
const compose = load(readFileSync("compose.yaml", "utf8")) as {
  services: Record<
    string,
    {
      image?: string;
      build?: { context: string; target: string };
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition: string }>;
      ports?: string[];
      volumes?: string[];
    }
  >;
};
const packageScripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
/** What someone running `docker compose up` sets, and nothing more. */
const COMPOSE_VARIABLES = { AUTH_SECRET: "compose-test-secret-0123456789-0123456789" };

function serviceEnvironment(name: string): Record<string, string> {
  const raw = compose.services[name].environment ?? {};
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, interpolate(String(value), COMPOSE_VARIABLES)]));
}

describe("Dockerfile", () => {
  const app = inherited(stages, "app");

  it("ends in the app stage, which runs the standalone server exactly as the end-to-end suite starts it", () => {
    expect(stages.at(-1)?.name).toBe("app");
    expect(JSON.parse(last(app, "CMD")!)).toEqual(["node", path.basename(STANDALONE_START.script)]);
    // server.js in WORKDIR is the build's .next/standalone/server.js: the folder is copied there whole.
    const workdir = last(app, "WORKDIR");
    const copy = stage(stages, "app").instructions.find((each) => each.keyword === "COPY" && each.argument.includes("--from=build"));
    expect(copy?.argument).toMatch(
      new RegExp(`--from=build\\s+${workdir}/${path.dirname(STANDALONE_START.script).replaceAll("\\", "/")}\\s+\\./$`),
    );
    expect(environment(app)).toMatchObject({ ...STANDALONE_START.env, NODE_ENV: "production" });
    expect(Number(environment(app).PORT)).toBeGreaterThan(0);
  });

  it("builds the standalone output the way npm run build does", () => {
    const build = last(inherited(stages, "build"), "RUN")!;
    expect(build).toContain("next build");
    expect(build).toContain("scripts/standalone-assets.ts");
    expect(packageScripts.build).toContain("next build");
    expect(packageScripts.build).toContain("scripts/standalone-assets.ts");
  });

  it("runs the app and the tools as an unprivileged user, never root", () => {
    for (const name of ["app", "tools"]) {
      const user = last(inherited(stages, name), "USER");
      expect(user, `USER of stage ${name}`).toBeDefined();
      expect(user).not.toMatch(/^(root|0)(:|$)/);
      // Set before the command, so that nothing the container runs is root's.
      const instructions = stage(stages, name).instructions.map((each) => each.keyword);
      expect(instructions.lastIndexOf("USER")).toBeLessThan(instructions.lastIndexOf("CMD"));
    }
  });

  it("checks health on the app's database health route, which exists", () => {
    const healthcheck = last(app, "HEALTHCHECK")!;
    expect(healthcheck).toMatch(/--interval=\d+s/);
    const route = /(\/api\/[\w/-]+)/.exec(healthcheck)?.[1];
    expect(route).toBe("/api/health/db");
    expect(existsSync(path.join("app", route!, "route.ts"))).toBe(true);
    // Asked on the port the server listens on, on loopback inside the container.
    expect(healthcheck).toContain("127.0.0.1");
    expect(healthcheck).toContain("process.env.PORT");
  });

  it("keeps secrets and local state out of the build context", () => {
    const ignored = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", ".env.*", "!.env.example", "node_modules", ".next", ".data", ".git"]));
  });
});

describe("compose.yaml", () => {
  it("has the whole system: app, worker, the migrate step, PostgreSQL, Redis and a mail catcher with a web UI", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "mailpit", "migrate", "postgres", "redis", "worker"]);
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    expect(compose.services.redis.image).toMatch(/^redis:\d+/);
    expect(compose.services.mailpit.image).toMatch(/^axllent\/mailpit:v\d+/);
    expect(compose.services.mailpit.ports).toContain("8025:8025");
  });

  it("builds the app from the image's app stage and the migrate step and worker from its tools stage", () => {
    const stageNames = stages.map((each) => each.name);
    expect(compose.services.app.build).toEqual({ context: ".", target: "app" });
    for (const name of ["migrate", "worker"]) {
      expect(compose.services[name].build).toEqual({ context: ".", target: "tools" });
      expect(stageNames).toContain(compose.services[name].build!.target);
    }
    // The app runs the image's CMD (node server.js), as the end-to-end suite does.
    expect(compose.services.app.command).toBeUndefined();
  });

  it("migrates as a deploy step that app and worker wait for; the app never migrates at boot", () => {
    expect(compose.services.migrate.command).toEqual(["npm", "run", "db:migrate"]);
    expect(packageScripts["db:migrate"]).toBeDefined();
    for (const name of ["app", "worker"]) {
      expect(compose.services[name].depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
      expect(serviceEnvironment(name).MIGRATE_ON_START ?? "false").toBe("false");
    }
    expect(compose.services.migrate.depends_on?.postgres).toEqual({ condition: "service_healthy" });
  });

  it("runs the jobs worker with JOBS_MODE=worker and the web server with JOBS_MODE=web", () => {
    expect(compose.services.worker.command).toEqual(["npm", "run", "worker"]);
    expect(serviceEnvironment("worker").JOBS_MODE).toBe("worker");
    expect(serviceEnvironment("app").JOBS_MODE).toBe("web");
  });

  it("gives app, worker and migrate a production configuration the app accepts, with the client IP declared", () => {
    for (const name of ["app", "worker", "migrate"]) {
      const env = serviceEnvironment(name);
      for (const key of ["AUTH_URL", "AUTH_SECRET", "DATABASE_URL", "EMAIL_SERVER", "CLIENT_IP_SOURCE", "REDIS_URL"]) {
        expect(env[key], `${name}: ${key}`).toBeTruthy();
      }
      expect(Object.keys(env)).toContain("TRUSTED_PROXIES");
      const parsed = parseEnv(env);
      expect(parsed.NODE_ENV).toBe("production");
      expect(parsed.CLIENT_IP_SOURCE).toBe("socket");
    }
    // With a proxy in front, the documented switch is accepted as it stands.
    const proxied = { ...COMPOSE_VARIABLES, CLIENT_IP_SOURCE: "x-forwarded-for", TRUSTED_PROXIES: "172.16.0.0/12" };
    const env = Object.fromEntries(
      Object.entries(compose.services.app.environment!).map(([key, value]) => [key, interpolate(String(value), proxied)]),
    );
    expect(parseEnv(env).TRUSTED_PROXIES.map((range) => range.text)).toEqual(["172.16.0.0/12"]);
    // No secret of its own: compose refuses to start without one.
    expect(() => interpolate(String(compose.services.app.environment!.AUTH_SECRET), {})).toThrow(/requires AUTH_SECRET/);
  });

  it("connects the app as its restricted role and migrates as the schema owner", () => {
    const app = new URL(serviceEnvironment("app").DATABASE_URL);
    const owner = new URL(serviceEnvironment("migrate").DATABASE_OWNER_URL);
    expect(decodeURIComponent(app.username)).toBe("magic_link_app");
    expect(owner.username).not.toBe(app.username);
    expect([owner.host, owner.pathname]).toEqual([app.host, app.pathname]);
    expect(serviceEnvironment("app").DATABASE_OWNER_URL).toBeUndefined();
    // The role is created when PostgreSQL initialises; the migrate step grants it.
    const init = compose.services.postgres.volumes!.find((volume) => volume.includes("docker-entrypoint-initdb.d"))!;
    expect(readFileSync(init.split(":")[0], "utf8")).toMatch(/CREATE ROLE magic_link_app LOGIN PASSWORD/);
  });
});

/**
 * One load run, in its own process so that the load generator never competes with the code
 * that measures the servers (main.ts starts it). Reads a LoadPlan from the JSON file named on
 * the command line and prints one LoadResult as JSON on its last line of output.
 *
 * Every request comes from its own client address (X-Forwarded-For, which the servers trust
 * from loopback only), like traffic behind a proxy. Sign-in loads ask for a new address each
 * time and log when each was sent, for the time-to-SMTP figure. The flow scenarios follow a
 * prepared attempt from the link (or the code) to the session, step by step on one connection.
 * Latencies are measured per request (or per flow) here: autocannon's summary has no p95.
 */
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { latencyOf, type LoadPlan, type LoadResult } from "./plan";
import { benchRecipient, clientAddress } from "./spread";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8")) as LoadPlan;
const statusCounts: Record<string, number> = {};
const sends: Array<[string, number]> = [];
let next = 0;

interface FlowContext {
  n?: number;
  flowStart?: number;
  stepStart?: number;
  location?: string;
}

interface Step {
  name: string;
  latencies: number[];
  request: autocannon.Request;
}

const flowLatencies: number[] = [];
let failedRedirects = 0;

/** One request of a flow, timed from when autocannon builds it to its answer; the last one also times the flow. */
function step(
  name: string,
  request: Omit<autocannon.Request, "setupRequest" | "onResponse">,
  build: (req: autocannon.Request, context: FlowContext) => autocannon.Request,
  last: boolean,
): Step {
  const latencies: number[] = [];
  return {
    name,
    latencies,
    request: {
      ...request,
      setupRequest: (req, context) => {
        const ctx = context as FlowContext;
        const built = build(req, ctx);
        ctx.stepStart = performance.now();
        ctx.flowStart ??= ctx.stepStart;
        return built;
      },
      onResponse: (_status, _body, context, headers) => {
        const ctx = context as FlowContext;
        const now = performance.now();
        latencies.push(now - (ctx.stepStart ?? now));
        const location = headers?.location ?? headers?.Location;
        ctx.location = typeof location === "string" ? location : undefined;
        if (ctx.location && /\/failed\b|[?&]error=/.test(ctx.location)) failedRedirects++;
        if (last) {
          flowLatencies.push(now - (ctx.flowStart ?? now));
          ctx.flowStart = undefined;
        }
      },
    },
  };
}

/** Each request's own client address, and for flows the address the attempt was asked from. */
function forwardedFor(headers: Record<string, string> | undefined, address: string): Record<string, string> {
  return { ...headers, "X-Forwarded-For": address };
}

/** The path of a Location header (absolute or relative); the flow's next request. */
function pathOf(location: string | undefined): string {
  if (!location) return "/";
  const url = new URL(location, plan.url);
  return `${url.pathname}${url.search}`;
}

function stepsFor(): Step[] {
  const base = { method: plan.method, path: plan.path, headers: plan.headers };
  if (plan.scenario === "floor") {
    return [
      step("floor", base, (req) => ({ ...req, headers: forwardedFor(req.headers, clientAddress(plan.addressOffset + next++)) }), true),
    ];
  }
  if (plan.scenario === "sign-in-request") {
    return [
      step(
        "sign-in request",
        base,
        (req) => {
          const n = next++;
          const email = benchRecipient(plan.runId, n);
          sends.push([email, Date.now()]);
          return { ...req, headers: forwardedFor(req.headers, clientAddress(plan.addressOffset + n)), body: JSON.stringify({ email }) };
        },
        true,
      ),
    ];
  }
  const attemptOf = (ctx: FlowContext) => plan.attempts[(ctx.n ?? 0) % plan.attempts.length];
  const headersOf = (req: autocannon.Request, ctx: FlowContext) => ({
    ...forwardedFor(req.headers, attemptOf(ctx).ip),
    Cookie: attemptOf(ctx).cookie,
  });
  const followGrant = step(
    "grant → session (Auth.js callback)",
    { method: "GET", path: "/" },
    (req, ctx) => {
      const attempt = attemptOf(ctx);
      return { ...req, path: pathOf(ctx.location), headers: { "X-Forwarded-For": attempt.ip, Cookie: attempt.cookie } };
    },
    true,
  );
  if (plan.scenario === "redeem-flow") {
    return [
      step(
        "link open",
        { method: "POST", path: "/api/sign-in/open", headers: { ...plan.headers, "Content-Type": "application/json" } },
        (req, ctx) => {
          ctx.n = next++;
          const attempt = attemptOf(ctx);
          return { ...req, headers: headersOf(req, ctx), body: JSON.stringify({ attemptId: attempt.id, token: attempt.token }) };
        },
        false,
      ),
      step(
        "redeem (303 to the grant)",
        { method: "POST", path: "/api/sign-in/redeem", headers: { ...plan.headers, "Content-Type": "application/x-www-form-urlencoded" } },
        (req, ctx) => {
          const attempt = attemptOf(ctx);
          return {
            ...req,
            headers: headersOf(req, ctx),
            body: new URLSearchParams({ attemptId: attempt.id, token: attempt.token }).toString(),
          };
        },
        false,
      ),
      followGrant,
    ];
  }
  return [
    step(
      "code entry (303 to the grant)",
      { method: "POST", path: "/api/sign-in/code", headers: { ...plan.headers, "Content-Type": "application/x-www-form-urlencoded" } },
      (req, ctx) => {
        ctx.n = next++;
        return { ...req, headers: headersOf(req, ctx), body: new URLSearchParams({ code: attemptOf(ctx).code }).toString() };
      },
      false,
    ),
    followGrant,
  ];
}

const steps = stepsFor();
const started = performance.now();
const instance = autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  timeout: 30,
  requests: steps.map((s) => s.request),
});
instance.on("response", (_client, statusCode) => {
  statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
});
instance.on("done", (summary) => {
  const seconds = (performance.now() - started) / 1000;
  if (plan.sendLogFile) writeFileSync(plan.sendLogFile, JSON.stringify(sends));
  const result: LoadResult = {
    scenario: plan.scenario,
    requests: flowLatencies.length,
    seconds,
    rps: flowLatencies.length / seconds,
    latencyMs: latencyOf(flowLatencies),
    ...(steps.length > 1
      ? { failedRedirects, steps: steps.map((s) => ({ step: s.name, requests: s.latencies.length, latencyMs: latencyOf(s.latencies) })) }
      : {}),
    statusCounts,
    socketErrors: summary.errors,
    timeouts: summary.timeouts,
  };
  console.log(JSON.stringify(result));
});

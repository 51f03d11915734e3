/**
 * One load run, in its own process so that the load generator never competes with the code
 * that measures the server (bench/requests/main.ts starts it). Reads a LoadPlan from the JSON file
 * named on the command line and prints one LoadResult as JSON on its last line of output.
 * Latencies are kept per response (autocannon's summary has no p95).
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { percentile, type LoadPlan, type LoadResult } from "./plan";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8")) as LoadPlan;
const latencies: number[] = [];
const statusCounts: Record<string, number> = {};

function request(): autocannon.Request {
  const base = { method: plan.method, path: plan.path, headers: plan.headers };
  if (plan.scenario === "floor") return base;
  let next = 0;
  return {
    ...base,
    // One fresh address, or one unused attempt, per request: nothing is ever repeated. Each
    // request also comes from its own client address (the instance trusts one proxy), as real
    // traffic does; one address for everything would make per-IP history look like an attack.
    setupRequest: (req) => {
      const n = next++;
      const headers = { ...req.headers, "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
      if (plan.scenario === "sign-in-request") {
        return { ...req, headers, body: JSON.stringify({ email: `bench-${plan.runId}-${n}@example.com` }) };
      }
      const attempt = plan.attempts[n % plan.attempts.length];
      return {
        ...req,
        headers: { ...headers, Cookie: `device=${attempt.device}` },
        body: new URLSearchParams({ attemptId: attempt.id, token: attempt.token }).toString(),
      };
    },
  };
}

const started = performance.now();
const instance = autocannon({
  url: plan.url,
  connections: plan.connections,
  ...(plan.amount ? { amount: plan.amount } : { duration: plan.durationSeconds }),
  timeout: 30,
  requests: [request()],
});
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  latencies.push(responseTime);
  statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
});
instance.on("done", (summary) => {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result: LoadResult = {
    scenario: plan.scenario,
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
    },
    statusCounts,
    socketErrors: summary.errors,
    timeouts: summary.timeouts,
  };
  console.log(JSON.stringify(result));
});

import { describe, expect, it } from "vitest";
import { isDatabaseOutage } from "./database-outage";

// Shapes seen from Prisma 6.19 + @prisma/adapter-pg 7.10 against a stopped PostgreSQL.
const adapterError = (cause: object) => ({ meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
const prismaError = (code: string, extra: object = {}) => Object.assign(new Error("Invalid invocation"), { code, ...extra });

describe("isDatabaseOutage", () => {
  it.each([
    ["P1001, cannot reach the server", prismaError("P1001")],
    [
      "P2010 raw query, adapter says not reachable",
      prismaError("P2010", adapterError({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })),
    ],
    ["P2010 raw query, server shutting down (57P01)", prismaError("P2010", adapterError({ kind: "postgres", code: "57P01" }))],
    ["server starting up (57P03)", prismaError("P2010", adapterError({ kind: "postgres", code: "57P03" }))],
    ["pool timed out (P2024)", prismaError("P2024")],
    [
      "no connection came free for a transaction (P2028)",
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
    ],
    ["pg client died under a transaction", new Error("Client has encountered a connection error and is not queryable")],
    ["pg connection terminated", new Error("Connection terminated unexpectedly")],
    ["socket refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["wrapped in a cause", new Error("outer", { cause: Object.assign(new Error("inner"), { code: "ECONNRESET" }) })],
  ])("%s", (_label, error) => {
    expect(isDatabaseOutage(error)).toBe(true);
  });

  it.each([
    ["a unique constraint violation", prismaError("P2002")],
    ["a SQL syntax error", prismaError("P2010", adapterError({ kind: "postgres", code: "42601" }))],
    [
      "a transaction used after it ended (P2028)",
      Object.assign(new Error("Transaction API error: Transaction already closed"), { code: "P2028" }),
    ],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["not an error at all", "P1001"],
    ["null", null],
  ])("not %s", (_label, error) => {
    expect(isDatabaseOutage(error)).toBe(false);
  });

  it("stops on a cause cycle", () => {
    const error: { cause?: unknown } = {};
    error.cause = error;
    expect(isDatabaseOutage(error)).toBe(false);
  });
});

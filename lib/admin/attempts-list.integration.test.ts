import { randomBytes, randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseAttemptFilters } from "./attempt-filters";
import { iterateAttempts, listAttempts } from "./attempts-list";

const ip = `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`;
const base = new Date(Date.UTC(2033, 0, 1) + randomInt(0, 100_000) * 86_400_000);
const minutes = (n: number) => new Date(base.getTime() + n * 60_000);

// [label, riskScore, minutes after base]; ties on score are broken by time, then id.
const rows: Array<[string, number, number]> = [
  ["low-old", 0, 0],
  ["high", 80, 10],
  ["mid-new", 35, 40],
  ["mid-old", 35, 20],
  ["low-new", 0, 50],
];

beforeAll(async () => {
  for (const [label, riskScore, at] of rows) {
    await db.loginAttempt.create({
      data: {
        email: `${label}@list.test`,
        requestIp: ip,
        riskScore,
        riskLevel: riskScore >= 60 ? "HIGH" : riskScore >= 25 ? "ELEVATED" : "LOW",
        requestedAt: minutes(at),
        expiresAt: minutes(at + 10),
        linkTokenHash: randomBytes(32).toString("hex"),
        codeHash: "x",
        bindingHash: "b",
      },
    });
  }
});

const emails = (list: Array<{ email: string }>) => list.map((row) => row.email.replace("@list.test", ""));

describe("listAttempts", () => {
  it("puts suspicious attempts first and pages with a cursor without gaps or repeats", async () => {
    const { filters } = parseAttemptFilters({ ip });
    const first = await listAttempts(filters, { limit: 2 });
    const second = await listAttempts(filters, { limit: 2, cursor: first.nextCursor });
    const third = await listAttempts(filters, { limit: 2, cursor: second.nextCursor });
    expect([emails(first.rows), emails(second.rows), emails(third.rows)]).toEqual([
      ["high", "mid-new"],
      ["mid-old", "low-new"],
      ["low-old"],
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it("orders by time alone on request and combines filters", async () => {
    const newest = await listAttempts(parseAttemptFilters({ ip, sort: "newest" }).filters);
    expect(emails(newest.rows)).toEqual(["low-new", "mid-new", "mid-old", "high", "low-old"]);
    const elevated = await listAttempts(parseAttemptFilters({ ip, risk: "ELEVATED" }).filters);
    expect(emails(elevated.rows)).toEqual(["mid-new", "mid-old"]);
    const window = parseAttemptFilters({
      ip,
      from: minutes(15).toISOString().slice(0, 16),
      to: minutes(45).toISOString().slice(0, 16),
    }).filters;
    expect(emails((await listAttempts(window)).rows)).toEqual(["mid-new", "mid-old"]);
    expect((await listAttempts(parseAttemptFilters({ ip, email: "HIGH@list.test" }).filters)).rows).toHaveLength(1);
  });

  it("treats a forged cursor as the first page", async () => {
    const page = await listAttempts(parseAttemptFilters({ ip }).filters, { cursor: "eyJub3QiOiJ2YWxpZCJ9" });
    expect(emails(page.rows)[0]).toBe("high");
  });

  it("iterates the whole filtered set for the export, up to a cap", async () => {
    const all: string[] = [];
    for await (const row of iterateAttempts(parseAttemptFilters({ ip }).filters, 4)) all.push(row.email);
    expect(all).toHaveLength(4);
  });
});

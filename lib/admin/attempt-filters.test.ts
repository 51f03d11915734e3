import { describe, expect, it } from "vitest";
import { decodeAttemptCursor, encodeAttemptCursor } from "./attempt-cursor";
import { filtersToSearchParams, parseAttemptFilters } from "./attempt-filters";

describe("parseAttemptFilters", () => {
  it("defaults to suspicious first with no filters", () => {
    expect(parseAttemptFilters({})).toEqual({ filters: { sort: "risk" }, fieldErrors: {} });
  });
  it("normalises values and makes a date-only 'to' include the whole day", () => {
    const { filters, fieldErrors } = parseAttemptFilters({
      email: "  Ada@Example.COM ",
      status: "REDEEMED",
      risk: "HIGH",
      ip: "::ffff:203.0.113.7",
      from: "2026-03-01",
      to: "2026-03-02",
      sort: "newest",
    });
    expect(fieldErrors).toEqual({});
    expect(filters).toEqual({
      email: "ada@example.com",
      status: "REDEEMED",
      risk: "HIGH",
      ip: "203.0.113.7",
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
      sort: "newest",
    });
  });
  it("accepts date-times and ignores empty fields", () => {
    expect(parseAttemptFilters({ from: "2026-03-01T10:30", email: "", status: "" }).filters).toEqual({
      from: new Date("2026-03-01T10:30:00Z"),
      sort: "risk",
    });
  });
  it("drops invalid values and says why", () => {
    const { filters, fieldErrors } = parseAttemptFilters({
      status: "DROP TABLE",
      ip: "not-an-ip",
      from: "yesterday",
      risk: ["HIGH", "LOW"],
    });
    expect(filters).toEqual({ risk: "HIGH", sort: "risk" });
    expect(Object.keys(fieldErrors).sort()).toEqual(["from", "ip", "status"]);
  });
});

describe("filtersToSearchParams", () => {
  it("keeps only the valid, non-default filters", () => {
    const raw = { email: "ada@example.com", status: "nope", sort: "risk" };
    const { filters } = parseAttemptFilters(raw);
    expect(filtersToSearchParams(filters, raw).toString()).toBe("email=ada%40example.com");
  });
});

describe("attempt cursors", () => {
  it("round-trip and reject tampering", () => {
    const cursor = { riskScore: 35, requestedAt: new Date("2026-03-02T09:00:00.123Z"), id: "cm0abc123" };
    expect(decodeAttemptCursor(encodeAttemptCursor(cursor))).toEqual(cursor);
    expect(decodeAttemptCursor("garbage")).toBeNull();
    expect(decodeAttemptCursor(Buffer.from('[1,"2026-01-01","x\' OR 1=1"]').toString("base64url"))).toBeNull();
    expect(decodeAttemptCursor(Buffer.from('["1","2026-01-01","abc"]').toString("base64url"))).toBeNull();
    expect(decodeAttemptCursor(undefined)).toBeNull();
  });
});

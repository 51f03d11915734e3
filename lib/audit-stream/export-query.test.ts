import { describe, expect, it } from "vitest";
import { EXPORT_DEFAULT_LIMIT, EXPORT_MAX_LIMIT, parseExportQuery } from "./export-query";

const parse = (query: string) => parseExportQuery(new URLSearchParams(query));

describe("parseExportQuery", () => {
  it("starts from the beginning with the default page size when nothing is given", () => {
    expect(parse("")).toEqual({ ok: true, after: 0n, afterCheckpoint: null, limit: EXPORT_DEFAULT_LIMIT });
    expect(parse("after=&limit=")).toEqual({ ok: true, after: 0n, afterCheckpoint: null, limit: EXPORT_DEFAULT_LIMIT });
  });

  it("reads the cursor as a big integer and the limit as given", () => {
    expect(parse("after=9007199254740993&limit=10")).toEqual({ ok: true, after: 9007199254740993n, afterCheckpoint: null, limit: 10 });
    expect(parse("after=0&limit=1")).toEqual({ ok: true, after: 0n, afterCheckpoint: null, limit: 1 });
  });

  it("caps the limit instead of refusing a large one", () => {
    expect(parse("limit=1000000")).toEqual({ ok: true, after: 0n, afterCheckpoint: null, limit: EXPORT_MAX_LIMIT });
  });

  it.each([
    "after=-1",
    "after=1.5",
    "after=abc",
    "after=1e3",
    "after=%201",
    "after=0x10",
    "after=99999999999999999999",
    "after=9223372036854775808",
  ])("refuses a cursor that is not a seq: %s", (query) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/`after`/);
  });

  it.each(["limit=0", "limit=-5", "limit=ten", "limit=12345678", "limit=2.5"])(
    "refuses a limit that is not a positive whole number: %s",
    (query) => {
      const result = parse(query);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/`limit`/);
    },
  );

  it("refuses a parameter given twice, which would otherwise be read one way here and another way by a proxy", () => {
    expect(parse("after=1&after=2").ok).toBe(false);
    expect(parse("limit=1&limit=2").ok).toBe(false);
    expect(parse("after_checkpoint=1&after_checkpoint=2").ok).toBe(false);
  });

  it("reads the checkpoint cursor beside the event cursor, and leaves it unset when absent or empty", () => {
    expect(parse("after=40&after_checkpoint=7")).toEqual({ ok: true, after: 40n, afterCheckpoint: 7n, limit: EXPORT_DEFAULT_LIMIT });
    expect(parse("after=40&after_checkpoint=0")).toMatchObject({ ok: true, afterCheckpoint: 0n });
    expect(parse("after=40&after_checkpoint=")).toMatchObject({ ok: true, afterCheckpoint: null });
  });

  it.each(["after_checkpoint=-1", "after_checkpoint=x", "after_checkpoint=1.0", "after_checkpoint=9223372036854775808"])(
    "refuses a checkpoint cursor that is not an id: %s",
    (query) => {
      const result = parse(query);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/`after_checkpoint`/);
    },
  );
});

import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("quotes every cell and doubles quotes", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(new Date("2026-03-02T09:00:00Z"))).toBe('"2026-03-02T09:00:00.000Z"');
  });
  it.each(['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"])("defuses a formula: %j", (value) => {
    expect(csvCell(value).startsWith(`"'`)).toBe(true);
  });
  it("keeps line breaks inside the quotes", () => {
    expect(csvCell("a\nb")).toBe('"a\nb"');
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null])).toBe('"a","1",""\r\n');
  });
});

import { describe, expect, it } from "vitest";
import { formatChartLabel, formatClock, formatDateTime, formatIsoDay } from "./time";

const at = new Date("2025-01-14T14:05:07Z");

describe("formatDateTime", () => {
  it("writes a moment one way, in UTC and saying so", () => {
    expect(formatDateTime(at)).toBe("Tue, 14 Jan 2025, 14:05 UTC");
    expect(formatDateTime("2025-01-14T14:05:07Z")).toBe("Tue, 14 Jan 2025, 14:05 UTC");
    expect(formatDateTime(at.getTime())).toBe("Tue, 14 Jan 2025, 14:05 UTC");
  });

  it("adds seconds for administrators, in the same shape", () => {
    expect(formatDateTime(at, { seconds: true })).toBe("Tue, 14 Jan 2025, 14:05:07 UTC");
  });

  it("uses a named zone with its abbreviation, and falls back to UTC for an unknown one", () => {
    expect(formatDateTime(at, { timeZone: "Europe/Paris" })).toBe("Tue, 14 Jan 2025, 15:05 CET");
    expect(formatDateTime(at, { timeZone: "Not/AZone" })).toBe("Tue, 14 Jan 2025, 14:05 UTC");
  });

  it("uses the rendering machine's zone for the viewer, naming it", () => {
    expect(formatDateTime(at, { timeZone: "viewer" })).toMatch(/^Tue, 14 Jan 2025, \d\d:\d\d \S+$/);
  });

  it("answers a dash for a missing or invalid moment", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDateTime("yesterday")).toBe("—");
  });
});

describe("the smaller pieces", () => {
  it("formats a clock in a zone, or says it cannot", () => {
    expect(formatClock(at)).toBe("14:05");
    expect(formatClock(at, "Asia/Tokyo")).toBe("23:05");
    expect(formatClock(at, "Not/AZone")).toBeNull();
  });

  it("gives ISO days for filters and compact chart labels", () => {
    expect(formatIsoDay(at)).toBe("2025-01-14");
    expect(formatChartLabel(at)).toBe("14 Jan, 14:05");
    expect(formatChartLabel(at, false)).toBe("14 Jan");
  });
});

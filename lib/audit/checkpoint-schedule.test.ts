import { describe, expect, it } from "vitest";
import { checkpointDue } from "./checkpoint-schedule";

describe("checkpointDue", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it("is due when there is none yet", () => expect(checkpointDue(null, now, 15)).toBe(true));
  it("is not due within the interval", () => expect(checkpointDue(new Date("2026-11-29T11:45:01Z"), now, 15)).toBe(false));
  it("is due once the interval has passed", () => expect(checkpointDue(new Date("2026-11-29T11:45:00Z"), now, 15)).toBe(true));
});

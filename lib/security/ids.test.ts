import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("looks like Prisma's cuid(): 25 lowercase letters and digits starting with c", () => {
    for (let n = 0; n < 1_000; n++) expect(newId()).toMatch(/^c[a-z0-9]{24}$/);
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 10_000 }, newId));
    expect(ids.size).toBe(10_000);
  });
});

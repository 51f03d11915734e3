import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordEvents } from "./record-events";
import { verifyAuditChain } from "./verify-chain";

// recordEvents hashes in PostgreSQL; verify-chain recomputes in JavaScript. Text that JSON,
// jsonb and UTF-8 each treat specially must come out the same on both sides.
describe("recordEvents", () => {
  it("chains a batch whose text needs escaping exactly as verify-chain recomputes it", async () => {
    await recordEvents(db, [
      {
        type: "attempt.requested",
        reason: 'quote " backslash \\ newline \n tab \t',
        userAgent: "Mozilla/5.0 (é; 日本; 💥)",
        outcome: "info",
      },
      {
        type: "link.fetched",
        ip: "2001:db8::1",
        details: { b: [1, 2.5, -0, 1e21], a: { z: null, ü: "x\u2028y" }, when: "2026-01-01T00:00:00.000Z" },
      },
      { type: "link.opened", reason: "lone \ud800 surrogate", userAgent: `${"x".repeat(510)}💥`, details: { nested: ["\udc00"] } },
    ]);
    const stored = await db.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 3 });
    expect(stored.map((event) => event.type)).toEqual(["link.opened", "link.fetched", "attempt.requested"]);
    expect(stored[1].prevHash).toBe(stored[2].hash);
    expect(stored[0].prevHash).toBe(stored[1].hash);
    expect((await verifyAuditChain(db)).intact).toBe(true);
  });
});

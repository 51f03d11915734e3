import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { activeSuppression, suppressAddress } from "../mail/suppression";
import { keyedHash } from "../security/secrets";
import type { AdminActor } from "./require-admin";
import { liftSuppression, listSuppressions } from "./suppressions";

const actor: AdminActor = {
  userId: "cadminsuppression000000000",
  email: "admin@example.com",
  sessionHash: "s",
  ip: "192.0.2.1",
  userAgent: "Admin UA",
  deviceHash: null,
};

describe("an administrator's override of a suppression", () => {
  it("lets mail flow again, is audited without the address, cannot be repeated, and a new bounce suppresses again", async () => {
    const email = `Lifted-${randomBytes(4).toString("hex")}@Example.net`;
    await db.$transaction((tx) => suppressAddress(tx, email, "hard-bounce", "ses", new Date()));
    expect(await activeSuppression(email.toLowerCase())).toMatchObject({ reason: "hard-bounce" });
    expect((await listSuppressions(email.slice(0, 12))).active.map((row) => row.email)).toEqual([email.toLowerCase()]);

    await liftSuppression(actor, email);
    expect(await activeSuppression(email)).toBeNull();
    const hash = keyedHash("email", email.toLowerCase()).slice(0, 16);
    const events = await db.auditEvent.findMany({ where: { details: { path: ["addressHash"], equals: hash } }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["email.suppression_lifted", "admin.action"]);
    expect(JSON.stringify(events.map((event) => event.details))).not.toContain(email.toLowerCase());
    await expect(liftSuppression(actor, email)).rejects.toMatchObject({ code: "conflict" });

    await db.$transaction((tx) => suppressAddress(tx, email, "complaint", "postmark", new Date()));
    expect(await activeSuppression(email)).toMatchObject({ reason: "complaint" });
  });

  it("has nothing to lift once a suppression has expired", async () => {
    const email = `expired-${randomBytes(4).toString("hex")}@example.net`;
    await db.$transaction((tx) => suppressAddress(tx, email, "hard-bounce", "ses", new Date(Date.now() - 365 * 86_400_000)));
    expect(await activeSuppression(email)).toBeNull();
    await expect(liftSuppression(actor, email)).rejects.toMatchObject({ code: "conflict" });
  });
});

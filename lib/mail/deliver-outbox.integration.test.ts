import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { startMailCatcher } from "./catcher";
import { claimDueEmails, deliverClaimed } from "./deliver-outbox";
import { readMailbox } from "./mailbox";
import { enqueueEmail } from "./outbox";
import { resetMailTransport } from "./transport";

const folder = mkdtempSync(path.join(os.tmpdir(), "outbox-mailbox-"));
let catcher: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  const port = 20_000 + (process.pid % 20_000);
  catcher = await startMailCatcher({ port, folder });
  process.env.EMAIL_SERVER = `smtp://127.0.0.1:${port}`;
  process.env.EMAIL_FROM = "Outbox test <outbox@acme.test>";
  resetEnvCache();
  resetMailTransport();
});

afterAll(async () => {
  resetMailTransport();
  await catcher?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("outbox delivery", () => {
  it("a batch that outlived its lease does not send what another worker claimed since: the message goes out once", async () => {
    const to = `lease-${randomBytes(4).toString("hex")}@example.com`;
    const id = await db.$transaction((tx) =>
      enqueueEmail(tx, { to, payload: { kind: "notice", subject: "Lease test", props: { appName: "Acme", heading: "Hello", paragraphs: ["One message."], footerReason: "a test" } } }),
    );
    // First in line for any worker.
    await db.emailOutbox.update({ where: { id }, data: { nextTryAt: new Date(0) } });

    const now = Date.now();
    const stalled = await claimDueEmails(new Date(now));
    // A minute later the first worker still has not sent (overloaded); its lease ran out and another claims the row.
    const later = await claimDueEmails(new Date(now + 61_000));
    expect(stalled.rows.map((row) => row.id)).toContain(id);
    expect(later.rows.map((row) => row.id)).toContain(id);

    const stalledOutcomes = await deliverClaimed(stalled);
    expect(stalledOutcomes[stalled.rows.findIndex((row) => row.id === id)]).toBe("taken-over");
    const laterOutcomes = await deliverClaimed(later);
    expect(laterOutcomes[later.rows.findIndex((row) => row.id === id)]).toBe("sent");

    expect(readMailbox(folder, to)).toHaveLength(1);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", payload: null, tries: 1 });
  });
});

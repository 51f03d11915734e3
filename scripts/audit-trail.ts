/**
 * Maintenance of the audit trail and of personal data, for cron or a job scheduler:
 *   npm run audit:checkpoint      sign the chain's head now (emitCheckpoint)
 *   npm run audit:verify          verify the whole chain; --checkpoint=<file> also checks a
 *                                 checkpoint kept outside the database (JSON from the log)
 *   npm run audit:public-key      print the key that verifies checkpoints (for a SIEM, an auditor)
 *   npm run retention:run         erase personal data past RETENTION_PERSONAL_DATA_DAYS
 * With DATABASE_URL set it connects as the app does (no migrations); without, it uses the
 * embedded development database.
 */
import { readFileSync } from "node:fs";
import { prepareRuntime } from "./support/runtime";

const command = process.argv[2];
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const COMMANDS = ["checkpoint", "verify", "public-key", "retention"];
if (!COMMANDS.includes(command ?? "")) {
  console.error(`Usage: tsx scripts/audit-trail.ts <${COMMANDS.join("|")}>`);
  process.exit(2);
}

const runtime = process.env.DATABASE_URL ? null : await prepareRuntime({ withMailCatcher: false });
if (runtime) Object.assign(process.env, { DATABASE_URL: runtime.childEnv.DATABASE_URL, AUTH_SECRET: runtime.childEnv.AUTH_SECRET });
let exitCode = 0;
try {
  const { db } = await import("../lib/db");
  if (command === "checkpoint") {
    // emitCheckpoint logs the checkpoint as one JSON line: keep that line, it is what --checkpoint reads.
    const { emitCheckpoint } = await import("../lib/audit/emit-checkpoint");
    await emitCheckpoint();
  } else if (command === "public-key") {
    const { checkpointPublicKeyPem, auditKeyring } = await import("../lib/audit/audit-keys");
    console.log(`# key id ${auditKeyring().current.id}\n${checkpointPublicKeyPem()}`);
  } else if (command === "retention") {
    const { runRetention } = await import("../lib/privacy/run-retention");
    console.log(JSON.stringify(await runRetention()));
  } else {
    const { verifyAuditChain } = await import("../lib/audit/verify-chain");
    const { checkpointFromJson } = await import("../lib/audit/checkpoint-signature");
    const file = option("checkpoint");
    const externalCheckpoint = file ? checkpointFromJson(JSON.parse(readFileSync(file, "utf8"))) : undefined;
    if (externalCheckpoint === null) throw new Error(`${file} does not hold a checkpoint (an "audit.checkpoint" log line)`);
    const verdict = await verifyAuditChain(db, { externalCheckpoint });
    console.log(JSON.stringify(verdict, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2));
    if (!verdict.intact) exitCode = 1;
  }
  await db.$disconnect();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await runtime?.stop();
}
process.exit(exitCode);

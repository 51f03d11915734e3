import { connectDatabase, type Db } from "../db";
import { requireDatabaseUrl } from "../database-url";

/**
 * The outbox's own few connections. Under load every request of the process queues for the
 * main pool, and a sender that queued with them sent about 20 messages a second however many
 * were waiting (npm run bench): mail is what the requests are for, so it gets a lane of its own.
 */
const CONNECTIONS = 3;

const holder = globalThis as unknown as { outboxDb?: Db };

export function outboxDb(): Db {
  holder.outboxDb ??= connectDatabase(requireDatabaseUrl(), CONNECTIONS);
  return holder.outboxDb;
}

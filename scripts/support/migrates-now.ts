import type { Env } from "../../lib/env";

/**
 * Whether a script applies migrations before it goes on. Scripts that need the schema
 * (db:migrate, seeding, invitations) always do. The app on start does for development and for
 * the embedded database; a production database is migrated as a deploy step, not by every
 * instance at every boot, unless MIGRATE_ON_START says otherwise.
 */
export function migratesNow(env: Pick<Env, "MIGRATE_ON_START" | "DATABASE_URL">, startingApp: "dev" | "start" | undefined): boolean {
  if (!startingApp) return true;
  return env.MIGRATE_ON_START ?? (startingApp === "dev" || !env.DATABASE_URL);
}

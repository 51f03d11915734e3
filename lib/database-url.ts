import { readEnv } from "./env";

/** The database URL the app and the Prisma CLI use; set by scripts/run-app.ts for the embedded server. */
export function requireDatabaseUrl(): string {
  const url = readEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` (it starts an embedded PostgreSQL) or set DATABASE_URL=postgresql://…",
    );
  }
  return url;
}

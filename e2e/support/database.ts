import pg from "pg";

/** Direct access to the e2e database, for setting up clocks and checking stored state. */
let pool: pg.Pool | null = null;

export function e2eDatabase(): pg.Pool {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run the end-to-end tests with `npm run test:e2e`.");
  pool ??= new pg.Pool({ connectionString: url, max: 3 });
  return pool;
}

export async function latestAttemptFor(email: string) {
  const { rows } = await e2eDatabase().query('SELECT * FROM "LoginAttempt" WHERE email = $1 ORDER BY "requestedAt" DESC LIMIT 1', [email]);
  return rows[0] as
    { id: string; status: string; redeemedVia: string | null; codeFailures: number; failureReason: string | null } | undefined;
}

export async function eventTypesFor(attemptId: string): Promise<string[]> {
  const { rows } = await e2eDatabase().query('SELECT type FROM "AuditEvent" WHERE "attemptId" = $1 ORDER BY seq', [attemptId]);
  return rows.map((row) => row.type as string);
}

export async function sessionCountFor(email: string): Promise<number> {
  const { rows } = await e2eDatabase().query(
    'SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1',
    [email],
  );
  return rows[0].n as number;
}

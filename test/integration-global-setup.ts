/**
 * Integration tests run against a real PostgreSQL. `npm test` provides TEST_DATABASE_URL
 * (a fresh, migrated database); run alone, this starts the test server itself.
 */
import type { TestProject } from "vitest/node";
import { freshDatabase, startTestServer } from "./support/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseOwnerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("databaseUrl", given);
    project.provide("databaseOwnerUrl", process.env.TEST_DATABASE_OWNER_URL ?? given);
    return;
  }
  const server = await startTestServer(process.env.DATABASE_URL);
  const database = await freshDatabase(server, "magic_link_integration");
  project.provide("databaseUrl", database.url);
  project.provide("databaseOwnerUrl", database.ownerUrl);
  return () => server.stop();
}

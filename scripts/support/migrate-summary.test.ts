import { describe, expect, it } from "vitest";
import { summariseMigrateDeploy } from "./migrate-summary";

const banner = `Loaded Prisma config from prisma.config.ts.
Prisma schema loaded from prisma/schema.prisma
WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma.config.ts:
- url
The values from your schema will NOT be used!
`;

describe("migrate deploy summary", () => {
  it("says the schema is up to date when nothing was pending", () => {
    expect(summariseMigrateDeploy(`${banner}14 migrations found in prisma/migrations\n\nNo pending migrations to apply.\n`)).toBe(
      "Database: schema up to date (14 migrations)",
    );
  });

  it("names a few applied migrations", () => {
    const output = `${banner}2 migrations found in prisma/migrations\n\nThe following migration(s) have been applied:\n\nmigrations/\n  └─ 20261122000000_init/\n    └─ migration.sql\n  └─ 20261122100000_admin/\n    └─ migration.sql\n\nAll migrations have been successfully applied.\n`;
    expect(summariseMigrateDeploy(output)).toBe("Database: applied 2 migrations (20261122000000_init, 20261122100000_admin)");
  });

  it("shortens a long list to its first two and its last", () => {
    const names = Array.from({ length: 14 }, (_, n) => `202611220000${String(n).padStart(2, "0")}_step_${n}`);
    const output = `14 migrations found in prisma/migrations\n\nmigrations/\n${names.map((name) => `  └─ ${name}/\n    └─ migration.sql`).join("\n")}\n`;
    expect(summariseMigrateDeploy(output)).toBe(`Database: applied 14 migrations (${names[0]}, ${names[1]} … ${names[13]})`);
  });

  it("says one migration, not one migrations", () => {
    expect(summariseMigrateDeploy("migrations/\n  └─ 20261122000000_init/\n")).toBe("Database: applied 1 migration (20261122000000_init)");
  });
});

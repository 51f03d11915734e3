import { describe, expect, it } from "vitest";
import { migratesNow } from "./migrates-now";

const external = "postgresql://app@db.internal:5432/app";

describe("migratesNow", () => {
  it("always migrates for scripts that need the schema", () => {
    expect(migratesNow({ DATABASE_URL: external, MIGRATE_ON_START: false }, undefined)).toBe(true);
  });

  it("npm start migrates the embedded database, never an external one unless asked", () => {
    expect(migratesNow({ DATABASE_URL: undefined, MIGRATE_ON_START: undefined }, "start")).toBe(true);
    expect(migratesNow({ DATABASE_URL: external, MIGRATE_ON_START: undefined }, "start")).toBe(false);
    expect(migratesNow({ DATABASE_URL: external, MIGRATE_ON_START: true }, "start")).toBe(true);
    expect(migratesNow({ DATABASE_URL: undefined, MIGRATE_ON_START: false }, "start")).toBe(false);
  });

  it("npm run dev stays zero-config: it migrates whatever database it uses unless told not to", () => {
    expect(migratesNow({ DATABASE_URL: external, MIGRATE_ON_START: undefined }, "dev")).toBe(true);
    expect(migratesNow({ DATABASE_URL: external, MIGRATE_ON_START: false }, "dev")).toBe(false);
  });
});

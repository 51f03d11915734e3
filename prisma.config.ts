import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { requireDatabaseUrl } from "./lib/database-url";

// Prisma 6.19 runs its schema engine as WebAssembly through this driver adapter,
// so no native engine binary is needed (see README, "Architecture").
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: requireDatabaseUrl() }),
});

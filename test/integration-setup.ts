import { inject } from "vitest";

// Runs in each test worker before the test file's imports: lib/db reads this through lib/env.
// The app's role may only append to the audit trail; tests that play the owner use DATABASE_OWNER_URL.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATABASE_OWNER_URL = inject("databaseOwnerUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.AUTH_URL ??= "http://localhost:3999";

import { inject } from "vitest";

// Runs in each test worker before the test file's imports: lib/db reads this through lib/env.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
process.env.AUTH_URL ??= "http://localhost:3999";

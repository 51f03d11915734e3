/** `npm run db:migrate`: applies pending migrations (to the embedded database unless DATABASE_URL is set). */
import { prepareRuntime } from "./support/runtime";

const runtime = await prepareRuntime({ withMailCatcher: false });
await runtime.stop();
console.log("Migrations are up to date.");

import { assertClientIpSourceAvailable, ConfigError, readEnv } from "./env";

/**
 * Start-up check of the app process (instrumentation.ts). Under plain `next start` or the
 * standalone server nothing validated the settings before, so a bad one stops the process with
 * the one line that names it, rather than serving with a client IP anyone can choose.
 */
export function checkSettingsOrExit(): void {
  try {
    assertClientIpSourceAvailable(readEnv());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

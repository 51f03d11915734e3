import { after } from "next/server";

/**
 * Runs `task` once the answer has gone out (Next.js's after()), so work a request sets off
 * never slows it. Lib functions call this, not the routes, so a new caller cannot forget it.
 *
 * Outside a request (an integration test, a script) there is no answer to wait for and after()
 * refuses: the task runs at once and the caller waits for it, so what it adds is there when
 * the caller returns. Should after() refuse for any other reason, running the task at once is
 * still correct, only not deferred.
 */
export async function afterResponse(task: () => Promise<void>): Promise<void> {
  try {
    after(task);
    return;
  } catch {
    // No request scope: fall through and run it now.
  }
  await task();
}

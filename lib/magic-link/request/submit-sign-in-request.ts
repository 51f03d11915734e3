import { readEnv } from "../../env";
import { newId } from "../../security/ids";
import { safeCallbackPath } from "./callback-path";
import { parseEmailAddress } from "./email-address";
import { ensureDeviceBinding, readRequestFacts } from "../../request/request-facts";
import { rememberPendingAttempt } from "./pending-attempt";
import { requestSignIn } from "./request-sign-in";

/** The same for every address: which attempt was issued (if any) never shapes the answer. */
export type SubmitResult = { ok: true } | { ok: false; message: string };

/**
 * The shared edge of "email me a sign-in link" for the form's server action and the JSON
 * endpoint: validate, bind this browser, run the request, remember which attempt this tab
 * waits on. The answer is the same whether the address is known, unknown, locked or limited.
 */
export async function submitSignInRequest(rawEmail: unknown, rawCallback: unknown): Promise<SubmitResult> {
  const parsed = parseEmailAddress(rawEmail);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const env = readEnv();
  const callbackPath = safeCallbackPath(rawCallback, env.CALLBACK_PATHS);
  const deviceHash = await ensureDeviceBinding();
  const facts = await readRequestFacts("POST");
  const outcome = await requestSignIn({ email: parsed.email, callbackPath }, { ...facts, deviceHash });
  await rememberPendingAttempt({
    attemptId: outcome.issued ? outcome.attemptId : newId(),
    email: parsed.email,
    issuedAt: Date.now(),
    decoy: !outcome.issued,
  });
  return { ok: true };
}

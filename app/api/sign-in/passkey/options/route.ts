import { passkeySignInOptions } from "@/lib/passkey-sign-in/passkey-sign-in";
import { signInPageGate } from "@/lib/request/gate";
import { ensureDeviceBinding } from "@/lib/request/request-facts";
import { jsonOk } from "@/lib/request/responses";
import { route } from "@/lib/request/route";

/**
 * First half of a passkey sign-in, asked for by /signin on load (for the autofill) and by its
 * button: a challenge sealed to this browser. It stores nothing on the server and tells
 * nothing about any account.
 */
export const POST = route({ gate: signInPageGate }, async () => {
  const bindingHash = await ensureDeviceBinding();
  return jsonOk({ options: await passkeySignInOptions(bindingHash) });
});

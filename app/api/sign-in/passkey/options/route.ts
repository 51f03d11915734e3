import { jsonOk, refusedOrigin } from "@/lib/request/responses";
import { passkeySignInOptions } from "@/lib/passkey-sign-in/passkey-sign-in";
import { ensureDeviceBinding } from "@/lib/request/request-facts";
import { requestIsSameOrigin } from "@/lib/request/same-origin";
import { route } from "@/lib/request/route";

/**
 * First half of a passkey sign-in, asked for by /signin on load (for the autofill) and by its
 * button: a challenge sealed to this browser. It stores nothing on the server and tells
 * nothing about any account.
 */
export const POST = route(async function POST(request: Request) {
  if (!requestIsSameOrigin(request)) return refusedOrigin();
  const bindingHash = await ensureDeviceBinding();
  return jsonOk({ options: await passkeySignInOptions(bindingHash) });
});

import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { dropCallbackUrlsAuthJsRejects } from "@/lib/auth/auth-js-callback-url";
import { authRequestContext } from "@/lib/auth/auth-request-context";
import { readAuthRequestContext } from "@/lib/auth/read-auth-request-context";
import { readEnv } from "@/lib/env";
import { openGate } from "@/lib/request/gate";
import { readLimitedText } from "@/lib/request/request-body";
import { route } from "@/lib/request/route";

async function withRequestContext(request: NextRequest, handler: (request: NextRequest) => Promise<Response>) {
  return authRequestContext.run(await readAuthRequestContext(request), () => handler(dropCallbackUrlsAuthJsRejects(request)));
}

/**
 * Auth.js checks its own requests (CSRF token, callback URL, the verification token), so the
 * gate is open and the body is Auth.js's to read; the wrapper still answers outages and
 * oversize bodies. Next.js hands route handlers a NextRequest, which Auth.js needs.
 */
export const GET = route({ gate: openGate }, async ({ request }) => withRequestContext(request as NextRequest, handlers.GET));

export const POST = route({ gate: openGate }, async ({ request }) => {
  const nextRequest = request as NextRequest;
  // Auth.js's own "send me a link" endpoint would skip our limits and binding: send people to /signin.
  if (/\/api\/auth\/signin\//.test(nextRequest.nextUrl.pathname)) {
    return Response.redirect(`${readEnv().AUTH_URL}/signin`, 303);
  }
  // Auth.js reads whole bodies; it gets one only after we have read it within the limit.
  const body = await readLimitedText(request);
  return withRequestContext(new NextRequest(request, { body, method: "POST" }), handlers.POST);
});

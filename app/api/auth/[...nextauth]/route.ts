import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { dropCallbackUrlsAuthJsRejects } from "@/lib/auth/auth-js-callback-url";
import { authRequestContext, type AuthRequestContext } from "@/lib/auth/grant-context";
import { assessRiskAfterResponse } from "@/lib/risk/assess-after-response";
import { readEnv } from "@/lib/env";
import { readRequestFacts } from "@/lib/request/request-facts";

async function withRequestContext(request: NextRequest, handler: (request: NextRequest) => Promise<Response>) {
  const facts = await readRequestFacts(request.method);
  const context: AuthRequestContext = { ip: facts.ip, userAgent: facts.userAgent, deviceHash: facts.deviceHash };
  const response = await authRequestContext.run(context, () => handler(dropCallbackUrlsAuthJsRejects(request)));
  // A session was just created from a grant: now the user and device are known, score the attempt.
  assessRiskAfterResponse(context.grant?.attemptId);
  return response;
}

export function GET(request: NextRequest) {
  return withRequestContext(request, handlers.GET);
}

export function POST(request: NextRequest) {
  // Auth.js's own "send me a link" endpoint would skip our limits and binding: send people to /signin.
  if (/\/api\/auth\/signin\//.test(request.nextUrl.pathname)) {
    return Response.redirect(`${readEnv().AUTH_URL}/signin`, 303);
  }
  return withRequestContext(request, handlers.POST);
}

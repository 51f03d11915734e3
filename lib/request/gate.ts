import { AppError } from "../errors/app-error";
import { userMessage } from "../errors/user-messages";
import { requestHasSameOrigin, requestIsSameOrigin } from "./same-origin";

/**
 * Who may make a request, checked before its input is even read. A gate returns what it learned
 * (the session, the administrator) for the body of the action or route, or throws an AppError
 * (bad-origin 403, signed-out 401, step-up-required 403, …). Route handlers pass their Request;
 * server actions pass null and the gate reads the request's headers from Next.js.
 */
export type Gate<Context extends object = object> = (request: Request | null) => Promise<Context>;

/** Only the origin: for requests whose permission is a secret they carry (a link) or that sign in. */
export function sameOriginGate(message: string = userMessage("access", "bad-origin")): Gate<object> {
  return async (request) => {
    const same = request ? requestIsSameOrigin(request) : await requestHasSameOrigin();
    if (!same) throw new AppError("bad-origin", message, { status: 403 });
    return {};
  };
}

/** No check at all: the request authenticates itself (a bearer token, a webhook signature) or reads nothing private. */
export const openGate: Gate<object> = async () => ({});

/** The sign-in routes: the origin, with the sign-in page named in the refusal. */
export const signInPageGate: Gate<object> = sameOriginGate(userMessage("signIn", "bad-origin"));

import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { db } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { getCurrentSession } from "../auth/current-session";

import { readRequestFacts } from "../request/request-facts";
import { requestHasSameOrigin } from "../request/same-origin";
import { AppError } from "../errors/app-error";
import { assertStepUp, assertStepUpForRead, refusalError } from "../step-up/assert-step-up";
import { requireStepUp } from "../step-up/require-step-up";
import { isAdminAccount } from "../auth/admin-identity";

/** The administrator behind a request, with the facts every admin audit event carries. */
export interface AdminActor {
  userId: string;
  email: string;
  sessionHash: string;
  ip: string;
  userAgent: string | null;
  deviceHash: string | null;
}

type AdminVerdict = { kind: "admin"; actor: AdminActor } | { kind: "signed-out" } | { kind: "not-admin" };

/**
 * One check per request (React's cache), so the layout and the page checking the same
 * request write at most one denial event. A refusal is audited with who and from where;
 * routes and actions (no render, no cache) also say what was asked for.
 */
const checkAdmin = cache(async (where?: string): Promise<AdminVerdict> => {
  const session = await getCurrentSession();
  if (!session) return { kind: "signed-out" };
  const facts = await readRequestFacts();
  const context = {
    userId: session.user.id,
    sessionHash: session.tokenHash,
    ip: facts.ip,
    userAgent: facts.userAgent,
    deviceHash: facts.deviceHash,
  };
  if (!isAdminAccount(session.user, readEnv().ADMIN_EMAILS)) {
    await recordEvents(db, [
      { type: "admin.denied", ...context, outcome: "failure", reason: "not an administrator", details: where ? { where } : {} },
    ]);
    return { kind: "not-admin" };
  }
  return { kind: "admin", actor: { ...context, email: session.user.email } };
});

/**
 * For admin layouts and pages. Signed out: to the sign-in page and back. Not an admin:
 * the same 404 as a page that does not exist, so the console's existence is not advertised.
 */
export async function requireAdmin(returnTo = "/admin"): Promise<AdminActor> {
  const verdict = await checkAdmin();
  if (verdict.kind === "signed-out") redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (verdict.kind === "not-admin") notFound();
  // Admin access needs a recent passkey or TOTP proof, not just an emailed link.
  await requireStepUp("admin.access", returnTo);
  return verdict.actor;
}

/**
 * For server actions (through adminGate): the request must come from our own pages (Origin /
 * Sec-Fetch-Site) and from an administrator with a recent step-up. Throws AppError.
 */
export async function assertAdminForAction(): Promise<AdminActor> {
  if (!(await requestHasSameOrigin())) throw AppError.of("admin", "bad-origin", { status: 403 });
  const verdict = await checkAdmin("server action");
  if (verdict.kind !== "admin") throw AppError.of("admin", verdict.kind, { status: verdict.kind === "signed-out" ? 401 : 403 });
  const stepUp = await assertStepUp("admin.access");
  if (!stepUp.ok) throw refusalError(stepUp);
  return verdict.actor;
}

/**
 * For route handlers (through adminGate): the admin, or an AppError (404 for anyone who is not
 * an admin, 403 for a request from another site). Reads (GET) may come without an Origin
 * header, as browsers send none on a same-origin navigation; a cross-site one is refused.
 */
export async function assertAdminForRoute(request: Request): Promise<AdminActor> {
  const isRead = request.method === "GET" || request.method === "HEAD";
  const crossSite = request.headers.get("sec-fetch-site") === "cross-site";
  if (isRead ? crossSite : !(await requestHasSameOrigin())) throw AppError.of("admin", "bad-origin", { status: 403 });
  const verdict = await checkAdmin(`${request.method} ${new URL(request.url).pathname}`);
  if (verdict.kind !== "admin") throw new AppError("not-found", "Not found.", { status: 404 });
  const stepUp = isRead ? await assertStepUpForRead("admin.access") : await assertStepUp("admin.access");
  if (!stepUp.ok) throw refusalError(stepUp);
  return verdict.actor;
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/admin/_components/action-form";
import { Pill, RiskBadge, StatusText } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { describeFactors, timeLeft } from "@/lib/account/decide-factor-reset";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { requireAdmin } from "@/lib/admin/require-admin";
import { loadUserDetail } from "@/lib/admin/user-detail";
import { readEnv } from "@/lib/env";
import { formatIsoDay } from "@/lib/format/time";
import { activeSuppression, SUPPRESSION_REASON_TEXT } from "@/lib/mail/suppression";
import { plural } from "@/lib/risk/signals/types";
import {
  cancelFactorResetAction,
  eraseUserDataAction,
  inviteFirstFactorAction,
  lockAccountAction,
  requestFactorResetAction,
  revokeSessionsAction,
  switchCodesOnAction,
  unlockAccountAction,
} from "../actions";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/users/${id}`);
  const detail = await loadUserDetail(id);
  if (!detail) notFound();
  await recordAdminView(admin, "user", { targetUserId: id });
  const { user } = detail;
  const suppression = await activeSuppression(user.email);
  const self = user.id === admin.userId;
  const { factors, pendingReset } = detail;
  const hasFactors = factors.passkeys > 0 || factors.totp || factors.recoveryCodes > 0;
  const now = new Date();

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/users" className="text-indigo-600 hover:text-indigo-500">
          ← Users
        </Link>
      </p>
      <PageHeader
        title={user.email}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {detail.isAdmin ? <Pill tone="indigo">admin</Pill> : null}
            {user.lockedAt ? <Pill tone="rose">locked since {formatUtc(user.lockedAt)}</Pill> : <Pill tone="emerald">active</Pill>}
            {detail.codesSwitchedOff ? <Pill tone="rose">codes switched off</Pill> : null}
            {suppression ? (
              <Link href={`/admin/suppressions?q=${encodeURIComponent(user.email)}`} data-testid="user-suppressed">
                <Pill tone="rose">
                  no mail until {formatIsoDay(suppression.until)}: {SUPPRESSION_REASON_TEXT[suppression.reason]}
                </Pill>
              </Link>
            ) : null}
            <span>account created {formatUtc(user.createdAt)}</span>
            <span>
              · {plural(detail.factors.passkeys, "passkey")}
              {detail.factors.totp ? ", authenticator app" : ""}
            </span>
          </span>
        }
      />
      {user.lockedAt && user.lockReason ? <p className="-mt-3 mb-6 text-sm text-rose-800">Lock reason: {user.lockReason}</p> : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Panel
            title={`Active sessions (${detail.sessions.length})`}
            actions={
              detail.sessions.length > 0 ? (
                <ActionForm
                  action={revokeSessionsAction}
                  label="Revoke all sessions"
                  tone="danger"
                  fields={{ userId: user.id }}
                  confirm="Sign this user out everywhere?"
                  testId="revoke-all-sessions"
                />
              ) : null
            }
          >
            {detail.sessions.length === 0 ? (
              <EmptyState title="No active sessions" />
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="user-sessions">
                {detail.sessions.map((session) => (
                  <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                    <div className="text-sm">
                      <p className="font-medium text-slate-900">{session.device}</p>
                      <p className="text-xs text-slate-500">
                        <span className="font-mono">{session.ip ?? "unknown IP"}</span> · started {formatUtc(session.createdAt)} · last seen{" "}
                        {formatUtc(session.lastSeenAt)} · {session.amr.join(", ") || "email"}
                        {session.attemptId ? (
                          <>
                            {" "}
                            ·{" "}
                            <Link href={`/admin/attempts/${session.attemptId}`} className="text-indigo-600 hover:underline">
                              sign-in
                            </Link>
                          </>
                        ) : null}
                      </p>
                    </div>
                    <ActionForm action={revokeSessionsAction} label="Revoke" fields={{ userId: user.id, sessionId: session.id }} />
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title="Sign-in attempts" description="The latest 50, by this account or its address.">
            {detail.attempts.length === 0 ? (
              <EmptyState title="No attempts" />
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full text-left text-sm">
                  <tbody className="divide-y divide-slate-100">
                    {detail.attempts.map((attempt) => (
                      <tr key={attempt.id}>
                        <td className="py-2 pr-3">
                          <RiskBadge level={attempt.riskLevel} score={attempt.riskScore} />
                        </td>
                        <td className="whitespace-nowrap py-2 pr-3 tabular-nums">
                          <Link href={`/admin/attempts/${attempt.id}`} className="text-indigo-700 hover:underline">
                            {formatUtc(attempt.requestedAt)}
                          </Link>
                        </td>
                        <td className="py-2 pr-3">
                          <StatusText status={attempt.status} />
                        </td>
                        <td className="py-2 pr-3 text-xs text-slate-600">
                          {attempt.device} · <span className="font-mono">{attempt.requestIp ?? "—"}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        </div>
        <div className="space-y-6">
          <Panel title="Account">
            {self ? (
              <p className="text-sm text-slate-500">This is your own account; ask another administrator to lock it.</p>
            ) : user.lockedAt ? (
              <ActionForm
                action={unlockAccountAction}
                label="Unlock account"
                tone="primary"
                fields={{ userId: user.id }}
                testId="unlock-account"
              />
            ) : (
              <ActionForm
                action={lockAccountAction}
                label="Lock account"
                tone="danger"
                fields={{ userId: user.id }}
                confirm="Lock this account? All its sessions end and open links stop working."
                testId="lock-account"
              >
                <label className="block w-full text-xs font-medium text-slate-600">
                  Reason (kept in the audit log)
                  <input
                    name="reason"
                    required
                    minLength={3}
                    maxLength={200}
                    className="mt-1 block w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
                  />
                </label>
              </ActionForm>
            )}
          </Panel>
          <Panel
            title="Factor reset"
            description="For an owner who lost every passkey and authenticator app. Nothing is removed at once: the owner is emailed and can cancel until it takes effect."
          >
            {pendingReset ? (
              <div className="space-y-3 text-sm" data-testid="pending-factor-reset">
                <p className="text-slate-800">
                  <Pill tone="rose">pending</Pill> Takes effect{" "}
                  <span className="font-medium tabular-nums">{formatUtc(pendingReset.effectiveAt)}</span>{" "}
                  <span className="text-slate-500">(in {timeLeft(pendingReset.effectiveAt, now)})</span>
                </p>
                <p className="text-xs text-slate-600">
                  Asked by {pendingReset.requestedByEmail} on {formatUtc(pendingReset.requestedAt)}: “{pendingReset.reason}”
                </p>
                <ActionForm
                  action={cancelFactorResetAction}
                  label="Cancel the reset"
                  fields={{ resetId: pendingReset.id }}
                  confirm="Cancel this factor reset? Nothing will be removed."
                  testId="cancel-factor-reset"
                />
              </div>
            ) : self ? (
              <p className="text-sm text-slate-500">This is your own account; ask another administrator to reset your factors.</p>
            ) : !hasFactors ? (
              <p className="text-sm text-slate-500">Nothing to reset: no passkey, authenticator app or recovery code.</p>
            ) : (
              <ActionForm
                action={requestFactorResetAction}
                label="Reset factors"
                tone="danger"
                fields={{ userId: user.id }}
                confirm={`Remove every passkey, authenticator app and recovery code of this account in ${readEnv().FACTOR_RESET_DELAY_HOURS} hours, unless the owner cancels?`}
                testId="request-factor-reset"
              >
                <p className="w-full text-xs text-slate-600">
                  Removes {describeFactors(factors)} and signs out every session, {readEnv().FACTOR_RESET_DELAY_HOURS} hours from now.
                </p>
                <label className="block w-full text-xs font-medium text-slate-600">
                  How you checked it is the owner (kept in the audit log, shown to them)
                  <input
                    name="reason"
                    required
                    minLength={10}
                    maxLength={200}
                    className="mt-1 block w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
                  />
                </label>
              </ActionForm>
            )}
          </Panel>
          {detail.isAdmin && !self && detail.factors.passkeys === 0 && !detail.factors.totp ? (
            <Panel
              title="First factor"
              description="This administrator has no passkey or authenticator app yet, and cannot set one up with email alone. Once you have confirmed who they are, give them a one-time invitation code in person or by phone."
            >
              <ActionForm
                action={inviteFirstFactorAction}
                label="Create an invitation code"
                fields={{ userId: user.id }}
                testId="invite-first-factor"
              />
            </Panel>
          ) : null}
          {detail.codesSwitchedOff ? (
            <Panel
              title="Codes"
              description="Too many wrong codes in a row: sign-in and step-up codes are refused until a passkey proof or an administrator switches them back on. Check with the owner first."
            >
              <ActionForm action={switchCodesOnAction} label="Switch codes back on" fields={{ userId: user.id }} testId="switch-codes-on" />
            </Panel>
          ) : null}
          <Panel title="Personal data" description="For a request from this person (access or erasure). Both are audited.">
            <div className="space-y-4">
              <a
                href={`/admin/users/${user.id}/export`}
                className="inline-block rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                data-testid="export-user-data"
                download
              >
                Download their data (JSON)
              </a>
              {self ? null : (
                <ActionForm
                  action={eraseUserDataAction}
                  label="Erase this person"
                  tone="danger"
                  fields={{ userId: user.id }}
                  confirm="Erase this account and the personal data of its sign-ins? This cannot be undone."
                  testId="erase-user-data"
                >
                  <label className="block w-full text-xs font-medium text-slate-600">
                    Type the address to confirm
                    <input
                      name="confirmEmail"
                      required
                      autoComplete="off"
                      className="mt-1 block w-full rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm"
                    />
                  </label>
                </ActionForm>
              )}
            </div>
          </Panel>
          <Panel
            title="Recent events"
            actions={
              <Link href={`/admin/audit?userId=${user.id}`} className="text-xs font-medium text-indigo-600">
                All events →
              </Link>
            }
          >
            {detail.events.length === 0 ? (
              <p className="text-sm text-slate-500">No events.</p>
            ) : (
              <ul className="space-y-1.5 text-xs">
                {detail.events.map((event) => (
                  <li key={event.seq} className="flex justify-between gap-2">
                    <span className={event.outcome === "failure" ? "text-rose-700" : "text-slate-800"}>{event.type}</span>
                    <span className="shrink-0 tabular-nums text-slate-500">{formatUtc(event.createdAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}

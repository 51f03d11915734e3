import type { Metadata } from "next";
import { ActionForm } from "@/app/admin/_components/action-form";
import { Pill } from "@/app/admin/_components/badges";
import { formatUtc } from "@/app/admin/_components/format";
import { EmptyState, PageHeader, Panel } from "@/app/admin/_components/panels";
import { CreateApiTokenForm } from "@/app/admin/api-tokens/_components/create-api-token-form";
import { recordAdminView } from "@/lib/admin/admin-audit";
import { requireAdmin } from "@/lib/admin/require-admin";
import { listApiTokens } from "@/lib/audit-stream/api-tokens";
import { readEnv } from "@/lib/env";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const admin = await requireAdmin("/admin/api-tokens");
  const tokens = await listApiTokens();
  await recordAdminView(admin, "api-tokens");
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens let a SIEM pull the audit trail: <code className="text-xs">GET {readEnv().AUTH_URL}/api/admin/audit/export?after=0</code>{" "}
            with <code className="text-xs">Authorization: Bearer …</code>. A token is shown once and kept only as a keyed hash; creating and
            revoking are audited.
          </>
        }
      />
      <Panel title="New token" className="mb-6">
        <CreateApiTokenForm action={createApiTokenAction} />
      </Panel>
      <Panel title="Tokens">
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">
            Create one for each system that reads the audit trail, so each can be revoked on its own.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="api-tokens">
            {tokens.map((token) => (
              <li key={token.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-slate-900">{token.name}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <Pill tone={token.revokedAt ? "rose" : "emerald"}>{token.revokedAt ? "revoked" : "active"}</Pill>
                    <span>{token.scope}</span>
                    <span>· created {formatUtc(token.createdAt)}</span>
                    <span>· last used {token.lastUsedAt ? formatUtc(token.lastUsedAt) : "never"}</span>
                    {token.revokedAt ? <span>· revoked {formatUtc(token.revokedAt)}</span> : null}
                  </p>
                </div>
                {token.revokedAt ? null : (
                  <ActionForm
                    action={revokeApiTokenAction}
                    label="Revoke"
                    tone="danger"
                    fields={{ tokenId: token.id }}
                    confirm={`Revoke "${token.name}"? Whatever uses it is refused from now on.`}
                    testId="revoke-api-token"
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}

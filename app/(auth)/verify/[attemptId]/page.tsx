import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuthCard } from "@/components/ui/auth-card";
import { readEnv } from "@/lib/env";
import { recordLinkFetch } from "@/lib/magic-link/link/record-link-fetch";
import { readRequestFacts } from "@/lib/request/request-facts";
import { REQUEST_METHOD_HEADER } from "@/lib/request/stamp-requests";
import { LinkLanding } from "./link-landing";

export const metadata: Metadata = { title: "Signing you in", robots: { index: false, follow: false } };

/**
 * The link's landing page. Its URL holds only the attempt id; the secret is in the
 * fragment, which no GET or HEAD sends. Rendering records the fetch and consumes nothing:
 * the page's script reads the fragment and asks, by POST, what this browser may do.
 */
export default async function VerifyPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const headerList = await headers();
  const facts = await readRequestFacts(headerList.get(REQUEST_METHOD_HEADER) ?? "GET");
  await recordLinkFetch(attemptId, { ...facts, purpose: headerList.get("sec-purpose") ?? headerList.get("purpose") });
  return (
    <AuthCard>
      <LinkLanding attemptId={attemptId} linkTtlMinutes={readEnv().LINK_TTL_MINUTES} />
    </AuthCard>
  );
}

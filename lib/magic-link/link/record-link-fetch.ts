import { db } from "../../db";
import { recordEvents } from "../../audit/record-events";
import { sampleRepeat } from "../../audit/sample-repeats";
import { limitNetwork } from "../../request/client-network";
import { loadAttempt } from "../load-attempt";
import { classifyLinkFetch } from "./scanner-detection";
import type { RequestFacts } from "../../request/request-facts";

/**
 * Every fetch of a link's landing page is recorded, person or scanner. The secret is in
 * the URL fragment, which no GET or HEAD carries, so a fetch can never consume the link.
 */
export async function recordLinkFetch(
  attemptId: string,
  facts: RequestFacts & { purpose: string | null },
  now: Date = new Date(),
): Promise<void> {
  const attempt = await loadAttempt(attemptId);
  if (!attempt) return;
  const verdict = classifyLinkFetch({
    method: facts.method,
    userAgent: facts.userAgent,
    hasBindingCookie: facts.deviceHash !== null,
    purpose: facts.purpose,
  });
  // The attempt counts every fetch; the trail records a sample of repeats from one network.
  const sample = await sampleRepeat(`link-fetch:${attempt.id}`, limitNetwork(facts.ip), now);
  await db.$transaction(async (tx) => {
    await tx.loginAttempt.update({
      where: { id: attempt.id },
      data: { fetchCount: { increment: 1 }, firstFetchedAt: attempt.firstFetchedAt ?? now },
    });
    if (!sample.record) return;
    await recordEvents(
      tx,
      [
        {
          type: "link.fetched",
          attemptId: attempt.id,
          userId: attempt.userId,
          ip: facts.ip,
          userAgent: facts.userAgent,
          deviceHash: facts.deviceHash,
          outcome: "info",
          details: {
            method: facts.method,
            likelyScanner: verdict.likelyScanner,
            scannerName: verdict.scannerName,
            signals: verdict.reasons,
            sameBrowser: facts.deviceHash === attempt.bindingHash,
            occurrences: sample.occurrences,
          },
        },
      ],
      now,
    );
  });
}

import type { Tx } from "../db";
import { encrypt } from "../security/secrets";
import type { NoticeEmailProps } from "@/emails/notice-email";

export type OutboxPayload =
  | {
      kind: "magic-link";
      url: string;
      code: string;
      expiresAt: string;
      minutesValid: number;
      requestedFrom: string;
    }
  | { kind: "notice"; subject: string; props: NoticeEmailProps };

/** The payload as stored: encrypted at rest (it may hold a sign-in secret). */
export function sealOutboxPayload(payload: OutboxPayload): string {
  return encrypt(JSON.stringify(payload));
}

/**
 * Queues a message in the same transaction as the change that causes it, so a crash can
 * neither lose it nor send it for a change that was rolled back. The payload (which may
 * hold a sign-in secret) is encrypted at rest and wiped once the message is accepted.
 */
export async function enqueueEmail(tx: Tx, message: { to: string; attemptId?: string; payload: OutboxPayload }): Promise<string> {
  const row = await tx.emailOutbox.create({
    data: {
      kind: message.payload.kind,
      to: message.to,
      attemptId: message.attemptId,
      payload: sealOutboxPayload(message.payload),
    },
    select: { id: true },
  });
  return row.id;
}

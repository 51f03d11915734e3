import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { webhookRefusal, type FeedbackNotice } from "./feedback-notice";
import { scrubAddresses } from "./scrub-addresses";

/**
 * Postmark does not sign webhooks; it documents HTTP Basic authentication instead (the
 * credentials go in the webhook URL as https://user:password@host/…). Compared in constant
 * time, both parts always, so the answer's timing says nothing about which part was wrong.
 */
export function postmarkCredentialsValid(authorization: string | null, user: string, password: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? "");
  const raw = match ? Buffer.from(match[1], "base64") : Buffer.alloc(0);
  // Node decodes base64 leniently (trailing junk is dropped): only the canonical encoding counts.
  const decoded = match && raw.toString("base64") === match[1] ? raw.toString("utf8") : "";
  const separator = decoded.indexOf(":");
  const [givenUser, givenPassword] = separator < 0 ? ["", ""] : [decoded.slice(0, separator), decoded.slice(separator + 1)];
  const userOk = sameText(givenUser, user);
  const passwordOk = sameText(givenPassword, password);
  return Boolean(match) && userOk && passwordOk;
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths: compare against itself when they differ, and fail.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

const timestamp = z.iso.datetime({ offset: true });
const record = z.discriminatedUnion("RecordType", [
  z.object({
    RecordType: z.literal("Bounce"),
    ID: z.number().int(),
    Type: z.string().max(50),
    MessageID: z.string().min(1).max(100),
    Email: z.string().min(3).max(320),
    Details: z.string().max(1000).optional(),
    Inactive: z.boolean().optional(),
    BouncedAt: timestamp.optional(),
  }),
  z.object({
    RecordType: z.literal("SpamComplaint"),
    ID: z.number().int(),
    MessageID: z.string().min(1).max(100),
    Email: z.string().min(3).max(320),
    BouncedAt: timestamp.optional(),
  }),
  z.object({
    RecordType: z.literal("Delivery"),
    MessageID: z.string().min(1).max(100),
    Recipient: z.string().min(3).max(320),
    Details: z.string().max(1000).optional(),
    DeliveredAt: timestamp.optional(),
  }),
]);

/** Bounce types after which the address will not work: Postmark deactivates it too. */
const HARD_BOUNCES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"]);

/** Reads a Postmark Bounce, SpamComplaint or Delivery webhook; other record types (Open, Click…): null. */
export function parsePostmarkWebhook(body: unknown): FeedbackNotice | null {
  const recordType = (body as { RecordType?: unknown } | null)?.RecordType;
  if (typeof recordType === "string" && !["Bounce", "SpamComplaint", "Delivery"].includes(recordType)) return null;
  const parsed = record.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw webhookRefusal(
      400,
      "not-postmark",
      `Not a Postmark webhook: ${issue.path.join(".") || "RecordType"} ${issue.message.replace(/^Invalid input: /, "")}.`,
    );
  }
  const event = parsed.data;
  const common = { provider: "postmark" as const, providerMessageId: event.MessageID, originalMessageId: null };
  switch (event.RecordType) {
    case "Bounce":
      // Postmark files complaints among bounces too, as Type "SpamComplaint".
      if (event.Type === "SpamComplaint") {
        return {
          ...common,
          eventKey: `Bounce:${event.ID}`,
          kind: "complained",
          detail: "SpamComplaint",
          recipients: [event.Email],
          occurredAt: event.BouncedAt ? new Date(event.BouncedAt) : null,
        };
      }
      return {
        ...common,
        eventKey: `Bounce:${event.ID}`,
        kind: "bounced",
        bounce: HARD_BOUNCES.has(event.Type) || event.Inactive === true ? "hard" : "soft",
        detail: scrubAddresses([event.Type, event.Details].filter(Boolean).join(": ")),
        recipients: [event.Email],
        occurredAt: event.BouncedAt ? new Date(event.BouncedAt) : null,
      };
    case "SpamComplaint":
      return {
        ...common,
        eventKey: `SpamComplaint:${event.ID}`,
        kind: "complained",
        detail: "SpamComplaint",
        recipients: [event.Email],
        occurredAt: event.BouncedAt ? new Date(event.BouncedAt) : null,
      };
    case "Delivery":
      return {
        ...common,
        eventKey: `Delivery:${event.MessageID}:${event.Recipient.toLowerCase()}`,
        kind: "delivered",
        detail: scrubAddresses(event.Details ?? null),
        recipients: [event.Recipient],
        occurredAt: event.DeliveredAt ? new Date(event.DeliveredAt) : null,
      };
  }
}

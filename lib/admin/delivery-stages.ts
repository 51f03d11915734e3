/**
 * How far an attempt's email and link got, as the attempt page's progress strip shows it:
 * queued → accepted by SMTP → delivered (provider) → opened/fetched → clicked → session.
 * Pure: read from the attempt's audit events alone, each stage at its first event. A stage
 * can be reached while an earlier one is not (no provider feedback configured: delivered
 * stays unknown while the link is clicked), so each is reported on its own.
 */
export const DELIVERY_STAGES = [
  { stage: "queued", label: "Queued", events: ["email.queued"] },
  { stage: "accepted", label: "Accepted by SMTP", events: ["email.sent"] },
  { stage: "delivered", label: "Delivered (provider)", events: ["email.delivered"] },
  { stage: "fetched", label: "Opened / fetched", events: ["link.fetched"] },
  { stage: "clicked", label: "Clicked or code used", events: ["link.opened", "link.confirmed", "code.succeeded"] },
  { stage: "session", label: "Session", events: ["session.created"] },
] as const;

export type DeliveryStage = (typeof DELIVERY_STAGES)[number]["stage"];

export interface StageFacts {
  type: string;
  at: Date;
  details: Record<string, unknown>;
}

export interface StageView {
  stage: DeliveryStage;
  label: string;
  at: Date | null;
}

/** What stopped the email, when something did: given up, not sent, bounced or reported as spam. */
export interface DeliveryStop {
  label: string;
  at: Date;
}

const STOPS: Record<string, (details: Record<string, unknown>) => string | null> = {
  "email.failed": (details) => (details.willRetry === false ? (details.failure === "permanent" ? "Refused by SMTP" : "Given up") : null),
  "email.skipped": () => "Not sent",
  "email.bounced": (details) => (details.bounce === "soft" ? "Bounced (soft)" : "Bounced"),
  "email.complained": () => "Reported as spam",
};

export function deliveryStages(events: StageFacts[]): { stages: StageView[]; stop: DeliveryStop | null } {
  const stages = DELIVERY_STAGES.map(({ stage, label, events: types }) => ({
    stage,
    label,
    at: events.find((event) => (types as readonly string[]).includes(event.type))?.at ?? null,
  }));
  let stop: DeliveryStop | null = null;
  for (const event of events) {
    const label = STOPS[event.type]?.(event.details);
    if (label) stop = { label, at: event.at };
  }
  return { stages, stop };
}

import { describe, expect, it } from "vitest";
import { deliveryStages, type StageFacts } from "./delivery-stages";

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 10, 0, seconds));
const event = (type: string, seconds: number, details: Record<string, unknown> = {}): StageFacts => ({ type, at: at(seconds), details });

describe("deliveryStages", () => {
  it("walks queued → accepted → delivered → fetched → clicked → session, each at its first event", () => {
    const { stages, stop } = deliveryStages([
      event("email.queued", 0),
      event("email.sent", 1),
      event("email.delivered", 3),
      event("link.fetched", 20),
      event("link.fetched", 21),
      event("link.opened", 22),
      event("session.created", 23),
    ]);
    expect(stages.map((stage) => [stage.stage, stage.at?.getUTCSeconds() ?? null])).toEqual([
      ["queued", 0],
      ["accepted", 1],
      ["delivered", 3],
      ["fetched", 20],
      ["clicked", 22],
      ["session", 23],
    ]);
    expect(stop).toBeNull();
  });

  it("leaves delivered unknown without provider feedback, and counts a typed code as a click", () => {
    const { stages } = deliveryStages([
      event("email.queued", 0),
      event("email.sent", 1),
      event("code.succeeded", 30),
      event("session.created", 31),
    ]);
    expect(stages.find((stage) => stage.stage === "delivered")?.at).toBeNull();
    expect(stages.find((stage) => stage.stage === "fetched")?.at).toBeNull();
    expect(stages.find((stage) => stage.stage === "clicked")?.at).toEqual(at(30));
  });

  it("names what stopped the email: a permanent refusal, a give-up, a skip, a bounce, a complaint", () => {
    expect(deliveryStages([event("email.queued", 0), event("email.failed", 1, { failure: "permanent", willRetry: false })]).stop).toEqual({
      label: "Refused by SMTP",
      at: at(1),
    });
    expect(deliveryStages([event("email.failed", 1, { failure: "temporary", willRetry: false })]).stop?.label).toBe("Given up");
    expect(deliveryStages([event("email.skipped", 2)]).stop?.label).toBe("Not sent");
    expect(deliveryStages([event("email.sent", 1), event("email.bounced", 5, { bounce: "hard" })]).stop).toEqual({
      label: "Bounced",
      at: at(5),
    });
    expect(deliveryStages([event("email.sent", 1), event("email.complained", 9)]).stop?.label).toBe("Reported as spam");
  });

  it("a temporary failure that is retried stops nothing", () => {
    expect(deliveryStages([event("email.failed", 1, { failure: "temporary", willRetry: true }), event("email.sent", 4)]).stop).toBeNull();
  });
});

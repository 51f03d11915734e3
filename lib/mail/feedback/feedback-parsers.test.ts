import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { parsePostmarkWebhook } from "./postmark-webhook";
import { parseResendWebhook } from "./resend-webhook";
import { scrubAddresses } from "./scrub-addresses";
import { parseSesNotification } from "./ses-notification";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../test/fixtures/delivery-feedback", `${name}.json`), "utf8"));

describe("Amazon SES notifications", () => {
  it("read a permanent bounce as a hard one, with our Message-ID and no address in the detail", () => {
    const notice = parseSesNotification(JSON.stringify(fixture("ses-bounce")), "sns-1");
    expect(notice).toMatchObject({
      provider: "ses",
      eventKey: "sns-1",
      kind: "bounced",
      bounce: "hard",
      recipients: ["nobody@example.net"],
      providerMessageId: "0100019b6f0e1f00-8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d-000000",
      originalMessageId: "<original-message-id@acme.test>",
      occurredAt: new Date("2026-11-29T09:00:02.000Z"),
    });
    expect(notice?.detail).toBe("Permanent/General: smtp; 550 5.1.1 <<address>>: Recipient address rejected: User unknown");
  });

  it("read transient and undetermined bounces as soft, complaints and deliveries as such", () => {
    const bounce = fixture("ses-bounce");
    for (const bounceType of ["Transient", "Undetermined"]) {
      expect(parseSesNotification(JSON.stringify({ ...bounce, bounce: { ...bounce.bounce, bounceType } }), "x")?.bounce).toBe("soft");
    }
    expect(parseSesNotification(JSON.stringify(fixture("ses-complaint")), "c")).toMatchObject({
      kind: "complained",
      recipients: ["annoyed@example.net"],
      detail: "abuse",
      originalMessageId: null,
    });
    expect(parseSesNotification(JSON.stringify(fixture("ses-delivery")), "d")).toMatchObject({
      kind: "delivered",
      recipients: ["happy@example.net"],
      detail: "250 2.0.0 OK 1764406801 accepted for <<address>>",
    });
  });

  it("accept event-publishing notifications (eventType), ignore other types, refuse what is not SES", () => {
    const { notificationType, ...rest } = fixture("ses-delivery");
    expect(parseSesNotification(JSON.stringify({ ...rest, eventType: notificationType }), "e")?.kind).toBe("delivered");
    expect(parseSesNotification(JSON.stringify({ ...rest, eventType: "Open" }), "o")).toBeNull();
    expect(() => parseSesNotification("not json", "n")).toThrow(AppError);
    expect(() => parseSesNotification(JSON.stringify({ notificationType: "Bounce" }), "n")).toThrow(/Not an Amazon SES notification: mail/);
  });
});

describe("Postmark webhooks", () => {
  it("read a hard bounce, a spam complaint and a delivery, each with the provider's own id", () => {
    expect(parsePostmarkWebhook(fixture("postmark-bounce"))).toMatchObject({
      eventKey: "Bounce:4323372036",
      kind: "bounced",
      bounce: "hard",
      recipients: ["nobody@example.net"],
      providerMessageId: "9b1c7a52-6d3e-4f1a-8b2c-0d9e8f7a6b5c",
    });
    expect(parsePostmarkWebhook(fixture("postmark-bounce"))?.detail).not.toContain("nobody@example.net");
    expect(parsePostmarkWebhook(fixture("postmark-spam-complaint"))).toMatchObject({
      eventKey: "SpamComplaint:4323372037",
      kind: "complained",
      recipients: ["annoyed@example.net"],
    });
    expect(parsePostmarkWebhook(fixture("postmark-delivery"))).toMatchObject({
      eventKey: "Delivery:5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9:happy@example.net",
      kind: "delivered",
      occurredAt: new Date("2026-11-29T10:00:01Z"),
    });
  });

  it("read a soft bounce as soft unless Postmark deactivated the address; ignore opens; refuse junk", () => {
    const bounce = fixture("postmark-bounce");
    expect(parsePostmarkWebhook({ ...bounce, Type: "SoftBounce", TypeCode: 4096, Inactive: false })?.bounce).toBe("soft");
    expect(parsePostmarkWebhook({ ...bounce, Type: "Blocked", Inactive: true })?.bounce).toBe("hard");
    expect(parsePostmarkWebhook({ RecordType: "Open", MessageID: "x" })).toBeNull();
    expect(() => parsePostmarkWebhook({ RecordType: "Bounce", ID: "nope" })).toThrow(/Not a Postmark webhook/);
    expect(() => parsePostmarkWebhook([])).toThrow(AppError);
  });
});

describe("Resend webhooks", () => {
  it("read bounced, complained and delivered events, keyed by the svix delivery id", () => {
    expect(parseResendWebhook(fixture("resend-bounced"), "msg_1")).toMatchObject({
      eventKey: "msg_1",
      kind: "bounced",
      bounce: "hard",
      recipients: ["nobody@example.net"],
      providerMessageId: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c",
    });
    expect(parseResendWebhook(fixture("resend-complained"), "msg_2")).toMatchObject({
      kind: "complained",
      recipients: ["annoyed@example.net"],
    });
    expect(parseResendWebhook(fixture("resend-delivered"), "msg_3")).toMatchObject({
      kind: "delivered",
      recipients: ["happy@example.net"],
    });
    const bounced = fixture("resend-bounced");
    expect(
      parseResendWebhook({ ...bounced, data: { ...bounced.data, bounce: { type: "Transient", subType: "MailboxFull" } } }, "m")?.bounce,
    ).toBe("soft");
    expect(parseResendWebhook({ type: "email.opened", data: {} }, "m")).toBeNull();
    expect(() => parseResendWebhook({ type: "email.bounced", data: { to: [] } }, "m")).toThrow(/Not a Resend webhook: data/);
  });
});

describe("scrubAddresses", () => {
  it("removes every address, in brackets or not, and keeps the text short", () => {
    expect(scrubAddresses("550 <a.b+c@example.org> and x@y.co unknown")).toBe("550 <<address>> and <address> unknown");
    expect(scrubAddresses("x".repeat(500))?.length).toBe(200);
    expect(scrubAddresses("")).toBeNull();
  });
});

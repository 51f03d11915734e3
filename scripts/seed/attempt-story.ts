import type { AuditEventInput } from "../../lib/audit/record-events";
import type { Prisma } from "../../lib/generated/prisma/client";
import { classifyLinkFetch } from "../../lib/magic-link/link/scanner-detection";
import type { Device } from "./demo-people";
import { demoId, randomHex } from "./random";

export interface TimedEvents {
  at: Date;
  attemptId: string;
  events: AuditEventInput[];
}

export const LINK_TTL_MINUTES = 10;

/**
 * One sign-in attempt as it unfolds: each step sets the row's columns the way the
 * lifecycle code does and adds the events it records, with the same details. Events of
 * one attempt less than a second apart (a click: fetch, open, redeem, session) share one
 * write and its timestamp; the timeline is exact to the second.
 */
export class AttemptStory {
  readonly id = demoId();
  readonly row: Prisma.LoginAttemptCreateManyInput;
  readonly items: TimedEvents[] = [];
  sessionAt: Date | null = null;
  sessionDevice: Device | null = null;

  constructor(
    readonly email: string,
    readonly userId: string | null,
    readonly requester: Device,
    readonly requestedAt: Date,
  ) {
    this.row = {
      id: this.id,
      email,
      userId,
      linkTokenHash: randomHex(),
      codeHash: randomHex(),
      bindingHash: requester.deviceHash,
      requestIp: requester.ip,
      requestUserAgent: requester.userAgent,
      requestedAt,
      expiresAt: this.after(LINK_TTL_MINUTES * 60),
    };
    const context = this.context(requester);
    this.add(requestedAt, { type: "attempt.requested", ...context, outcome: "success", details: { callbackPath: "/account" } });
    this.add(requestedAt, {
      type: "link.issued",
      attemptId: this.id,
      userId,
      outcome: "info",
      details: { expiresAt: (this.row.expiresAt as Date).toISOString(), ttlMinutes: LINK_TTL_MINUTES },
    });
    this.add(requestedAt, { type: "email.queued", attemptId: this.id, outcome: "info" });
  }

  after(seconds: number): Date {
    return new Date(this.requestedAt.getTime() + seconds * 1000);
  }

  /** When the story's last event happened (items may be added out of order, e.g. the session). */
  get lastAt(): Date {
    return new Date(Math.max(...this.items.map((item) => item.at.getTime())));
  }

  context(device: Device) {
    return { attemptId: this.id, userId: this.userId, ip: device.ip, userAgent: device.userAgent, deviceHash: device.deviceHash };
  }

  add(at: Date, event: AuditEventInput): void {
    const last = this.items[this.items.length - 1];
    const gap = last ? at.getTime() - last.at.getTime() : -1;
    if (last && gap >= 0 && gap < 1000) last.events.push(event);
    else this.items.push({ at, attemptId: this.id, events: [event] });
  }

  sent(seconds: number, tries = 1): this {
    const at = this.after(seconds);
    Object.assign(this.row, {
      deliveryStatus: "SENT",
      sentAt: at,
      smtpMessageId: `<${randomHex(8)}@demo.localhost>`,
      smtpResponse: "250 2.0.0 OK queued",
    });
    this.add(at, {
      type: "email.sent",
      attemptId: this.id,
      outcome: "success",
      details: { messageId: this.row.smtpMessageId, smtpResponse: "250 2.0.0 OK queued", tries, kind: "magic-link" },
    });
    return this;
  }

  deliveryFailed(seconds: number, tries: number, willRetry: boolean): this {
    Object.assign(this.row, { deliveryStatus: "FAILED", status: "DELIVERY_FAILED", smtpResponse: "421 4.7.0 Try again later" });
    this.add(this.after(seconds), {
      type: "email.failed",
      attemptId: this.id,
      outcome: "failure",
      reason: "421 4.7.0 Try again later",
      details: { tries, willRetry, kind: "magic-link" },
    });
    return this;
  }

  /** A GET or HEAD of the landing page; classified exactly as the app classifies it. */
  fetched(seconds: number, by: Device, method = "GET", hasBindingCookie = by.deviceHash === this.requester.deviceHash): this {
    const at = this.after(seconds);
    const verdict = classifyLinkFetch({ method, userAgent: by.userAgent, hasBindingCookie, purpose: null });
    Object.assign(this.row, { fetchCount: Number(this.row.fetchCount ?? 0) + 1, firstFetchedAt: this.row.firstFetchedAt ?? at });
    this.add(at, {
      type: "link.fetched",
      ...this.context(by),
      deviceHash: hasBindingCookie ? by.deviceHash : null,
      outcome: "info",
      details: {
        method,
        likelyScanner: verdict.likelyScanner,
        scannerName: verdict.scannerName,
        signals: verdict.reasons,
        sameBrowser: by.deviceHash === this.requester.deviceHash,
      },
    });
    return this;
  }

  opened(seconds: number, by: Device, decision: string): this {
    const at = this.after(seconds);
    this.row.openedAt ??= at;
    this.add(at, {
      type: "link.opened",
      ...this.context(by),
      outcome: "info",
      details: { sameBrowser: by.deviceHash === this.requester.deviceHash, decision },
    });
    return this;
  }

  redeemed(seconds: number, by: Device, via: "same-browser" | "code" | "cross-device-approval"): this {
    const at = this.after(seconds);
    Object.assign(this.row, {
      status: "REDEEMED",
      redeemedAt: at,
      confirmedAt: at,
      redeemedVia: via,
      redeemIp: by.ip,
      redeemUserAgent: by.userAgent,
    });
    this.add(at, { type: via === "code" ? "code.succeeded" : "link.confirmed", ...this.context(by), outcome: "success", details: { via } });
    this.add(at, { type: "attempt.redeemed", ...this.context(by), outcome: "success", details: { via } });
    this.sessionAt = this.after(seconds + 0.2);
    this.sessionDevice = by;
    return this;
  }

  failed(seconds: number, type: AuditEventInput["type"], by: Device, reason: string): this {
    this.add(this.after(seconds), { type, ...this.context(by), outcome: "failure", reason });
    return this;
  }

  close(seconds: number, status: "CANCELLED" | "SUPERSEDED" | "LOCKED", reason: string): this {
    Object.assign(this.row, { status, failedAt: this.after(seconds), failureReason: reason });
    return this;
  }
}

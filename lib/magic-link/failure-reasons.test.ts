import { describe, expect, it } from "vitest";
import { FAILURE_REASONS, failureMessage, isFailureReason, type FailureReason } from "./failure-reasons";

describe("failureMessage", () => {
  const REASONS: FailureReason[] = [...FAILURE_REASONS];

  it.each(REASONS)("%s has a title and a full-sentence body that never mention an account's existence", (reason) => {
    const { title, body } = failureMessage(reason, 10);
    expect(title).toMatch(/^[A-Z][^.]*$/);
    expect(body).toMatch(/^[A-Z].*\.$/);
    expect(`${title} ${body}`).not.toMatch(/no account|not registered|doesn't exist|does not exist|unknown (user|address)/i);
  });

  it("each reason reads differently", () => {
    expect(new Set(REASONS.map((reason) => failureMessage(reason, 10).title)).size).toBe(REASONS.length);
  });

  it("uses the wording the sign-in screens rely on", () => {
    expect(failureMessage("expired", 10)).toEqual({
      title: "This link has expired",
      body: "Links work for 10 minutes and only once. Request a new link from the sign-in page.",
    });
    expect(failureMessage("expired", 15).body).toContain("15 minutes");
    expect(failureMessage("superseded", 10).title).toBe("A newer link was sent");
    expect(failureMessage("other-browser", 10).body).toBe(
      "Open the link in the browser where you asked for it, or type the 6‑digit code there.",
    );
  });

  it("falls back to the not-found wording for a reason it does not know (e.g. from a stale query string)", () => {
    expect(failureMessage("bogus" as FailureReason, 10)).toEqual(failureMessage("not-found", 10));
  });
});

describe("isFailureReason", () => {
  it("accepts only known reasons, so a query string cannot put words on the page", () => {
    expect(isFailureReason("expired")).toBe(true);
    expect(isFailureReason("codes-locked")).toBe(true);
    expect(isFailureReason("<script>")).toBe(false);
    expect(isFailureReason(undefined)).toBe(false);
    expect(isFailureReason("toString")).toBe(false);
  });
});

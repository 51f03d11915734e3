import { describe, expect, it } from "vitest";
import { mailboxOf } from "./mailbox";

describe("mailboxOf", () => {
  it.each([
    ["name@example.com", "name@example.com"],
    ["name+1@example.com", "name@example.com"],
    ["name+news+more@example.com", "name@example.com"],
    ["name+@example.com", "name@example.com"],
    ["first.last+tag@sub.example.co.uk", "first.last@sub.example.co.uk"],
  ])("%s → %s", (address, mailbox) => {
    expect(mailboxOf(address)).toBe(mailbox);
  });

  it("leaves a local part that starts with + alone: there is nothing before the tag to fold to", () => {
    expect(mailboxOf("+tag@example.com")).toBe("+tag@example.com");
  });

  it("fifty tagged addresses share one mailbox", () => {
    expect(new Set(Array.from({ length: 50 }, (_, n) => mailboxOf(`victim+${n}@example.com`)))).toEqual(new Set(["victim@example.com"]));
  });
});

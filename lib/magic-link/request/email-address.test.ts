import { describe, expect, it } from "vitest";
import { EMAIL_MESSAGES, emailAddressSchema, maskEmailAddress, parseEmailAddress } from "./email-address";

const rejects = (input: unknown) => {
  const result = parseEmailAddress(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected, got ${result.email}`);
  return result.message;
};

describe("parseEmailAddress: accepted and normalised", () => {
  it.each([
    ["ann@example.com", "ann@example.com"],
    ["  ann@example.com\t", "ann@example.com"],
    ["Ann@Example.COM", "ann@example.com"],
    ["ANN.LEE@MAIL.EXAMPLE.CO.UK", "ann.lee@mail.example.co.uk"],
    ["a_b-c@sub-domain.example.org", "a_b-c@sub-domain.example.org"],
    ["x@xn--bcher-kva.example", "x@xn--bcher-kva.example"],
    ["x@example.xn--p1ai", "x@example.xn--p1ai"],
    ["1@123.example", "1@123.example"],
  ])("%j → %j", (input, email) => {
    expect(parseEmailAddress(input)).toEqual({ ok: true, email });
  });

  it("keeps +tags: ann+work@x.com is a different account from ann@x.com", () => {
    expect(parseEmailAddress("Ann+Work@X.com")).toEqual({ ok: true, email: "ann+work@x.com" });
    expect(parseEmailAddress("ann@x.com")).toEqual({ ok: true, email: "ann@x.com" });
  });

  it("accepts exactly 64 characters before the @ and 254 in all", () => {
    const local = "a".repeat(64);
    expect(parseEmailAddress(`${local}@example.com`)).toEqual({ ok: true, email: `${local}@example.com` });
    const domain = `${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(57)}`;
    const address = `${"a".repeat(254 - domain.length - 1)}@${domain}`;
    expect(address).toHaveLength(254);
    expect(parseEmailAddress(address).ok).toBe(true);
  });

  it("the schema is usable directly with zod", () => {
    expect(emailAddressSchema.parse(" A@B.CO ")).toBe("a@b.co");
    expect(emailAddressSchema.safeParse("nope").success).toBe(false);
  });
});

describe("parseEmailAddress: rejected with a message the user can act on", () => {
  it.each([
    [undefined, EMAIL_MESSAGES.empty],
    [42, EMAIL_MESSAGES.empty],
    [["a@x.com"], EMAIL_MESSAGES.empty],
    ["", EMAIL_MESSAGES.empty],
    ["   ", EMAIL_MESSAGES.empty],
    ["ann@x.com\r\nBcc: eve@evil.example", EMAIL_MESSAGES.separators],
    ["ann@x.com\nbcc@evil.example", EMAIL_MESSAGES.separators],
    ["ann@x.com\rx", EMAIL_MESSAGES.separators],
    ["ann@x.com,eve@evil.example", EMAIL_MESSAGES.separators],
    ["ann@x.com;eve@evil.example", EMAIL_MESSAGES.separators],
    ["ann\u0000@x.com", EMAIL_MESSAGES.control],
    ["ann\u001b@x.com", EMAIL_MESSAGES.control],
    ["ann\u007f@x.com", EMAIL_MESSAGES.control],
    ["ann\u0009x@x.com", EMAIL_MESSAGES.control],
    ["ann\uff20example.com", EMAIL_MESSAGES.lookAlike],
    ["ann\ufe6bexample.com", EMAIL_MESSAGES.lookAlike],
    ["\u0430nn@example.com", EMAIL_MESSAGES.lookAlike],
    ["ann@ex\u0430mple.com", EMAIL_MESSAGES.lookAlike],
    ["ann@bücher.example", EMAIL_MESSAGES.lookAlike],
    ["ann\u200b@example.com", EMAIL_MESSAGES.lookAlike],
    ["ann\u00a0@example.com", EMAIL_MESSAGES.lookAlike],
    ["ann lee@example.com", EMAIL_MESSAGES.spaces],
    ["Ann <ann@example.com>", EMAIL_MESSAGES.spaces],
    ["<ann@example.com>", EMAIL_MESSAGES.brackets],
    ['"ann"@example.com', EMAIL_MESSAGES.quoted],
    ['"a@b"@example.com', EMAIL_MESSAGES.quoted],
    ["ann.example.com", EMAIL_MESSAGES.notOne],
    ["ann@x@example.com", EMAIL_MESSAGES.notOne],
    ["@example.com", EMAIL_MESSAGES.notOne],
    ["o'brien@example.com", EMAIL_MESSAGES.lookAlike],
    ["ann!x@example.com", EMAIL_MESSAGES.lookAlike],
    ["ann%x@example.com", EMAIL_MESSAGES.lookAlike],
    [".ann@example.com", EMAIL_MESSAGES.localDots],
    ["ann.@example.com", EMAIL_MESSAGES.localDots],
    ["an..n@example.com", EMAIL_MESSAGES.localDots],
    ["ann@", EMAIL_MESSAGES.domain],
    ["ann@localhost", EMAIL_MESSAGES.domain],
    ["ann@example", EMAIL_MESSAGES.domain],
    ["ann@.example.com", EMAIL_MESSAGES.domain],
    ["ann@example.com.", EMAIL_MESSAGES.domain],
    ["ann@example..com", EMAIL_MESSAGES.domain],
    ["ann@-example.com", EMAIL_MESSAGES.domain],
    ["ann@example-.com", EMAIL_MESSAGES.domain],
    ["ann@exa_mple.com", EMAIL_MESSAGES.domain],
    ["ann@example.c", EMAIL_MESSAGES.domain],
    ["ann@example.c0m", EMAIL_MESSAGES.domain],
    ["ann@1.2.3.4", EMAIL_MESSAGES.domain],
    ["ann@[1.2.3.4]", EMAIL_MESSAGES.domain],
    [`ann@${"a".repeat(64)}.com`, EMAIL_MESSAGES.domain],
  ])("%j → %s", (input, message) => {
    expect(rejects(input)).toBe(message);
  });

  it("refuses a local part over 64 characters", () => {
    expect(rejects(`${"a".repeat(65)}@example.com`)).toBe(EMAIL_MESSAGES.localTooLong);
  });

  it("refuses an address over 254 characters", () => {
    const address = `ann@${["a", "b", "c", "d", "e"].map((c) => c.repeat(60)).join(".")}.com`;
    expect(address.length).toBeGreaterThan(254);
    expect(rejects(address)).toBe(EMAIL_MESSAGES.tooLong);
  });

  it("every message is a full sentence", () => {
    for (const message of Object.values(EMAIL_MESSAGES)) expect(message).toMatch(/^[A-Z].*\.$/);
  });
});

describe("maskEmailAddress", () => {
  it.each([
    ["ann@example.com", "a•••@example.com"],
    ["a@example.com", "a•••@example.com"],
    ["@example.com", "•••@example.com"],
    ["not-an-address", "•••"],
  ])("%j → %j", (email, masked) => {
    expect(maskEmailAddress(email)).toBe(masked);
  });
});

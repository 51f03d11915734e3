import { describe, expect, it } from "vitest";
import { postmarkCredentialsValid } from "./postmark-webhook";

const basic = (value: string) => `Basic ${Buffer.from(value).toString("base64")}`;

describe("postmarkCredentialsValid", () => {
  it("accepts exactly the configured user and password (a password may contain colons)", () => {
    expect(postmarkCredentialsValid(basic("hooks:s3cret:with:colons"), "hooks", "s3cret:with:colons")).toBe(true);
  });

  it("refuses anything else", () => {
    for (const header of [
      null,
      "",
      basic("hooks:wrong"),
      basic("other:s3cret"),
      basic("hooks"),
      basic(":s3cret"),
      "Bearer s3cret",
      `basic ${Buffer.from("hooks:s3cret").toString("base64")}x`,
    ]) {
      expect(postmarkCredentialsValid(header, "hooks", "s3cret"), String(header)).toBe(false);
    }
  });
});

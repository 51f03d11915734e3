import { beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { isSameOrigin } from "./same-origin";

describe("isSameOrigin", () => {
  beforeEach(() => {
    process.env.AUTH_URL = "https://app.example.com";
    resetEnvCache();
  });

  it("accepts our own origin", () => {
    expect(isSameOrigin({ origin: "https://app.example.com", secFetchSite: null })).toBe(true);
  });
  it("refuses a foreign origin even if Sec-Fetch-Site claims same-origin", () => {
    expect(isSameOrigin({ origin: "https://evil.example", secFetchSite: "same-origin" })).toBe(false);
    expect(isSameOrigin({ origin: "http://app.example.com", secFetchSite: null })).toBe(false);
  });
  it("accepts Origin: null only with the browser's same-origin fetch metadata", () => {
    expect(isSameOrigin({ origin: "null", secFetchSite: "same-origin" })).toBe(true);
    expect(isSameOrigin({ origin: "null", secFetchSite: "cross-site" })).toBe(false);
    expect(isSameOrigin({ origin: "null", secFetchSite: null })).toBe(false);
  });
  it("refuses a request with neither header (scripts, direct calls)", () => {
    expect(isSameOrigin({ origin: null, secFetchSite: null })).toBe(false);
    expect(isSameOrigin({ origin: null, secFetchSite: "same-site" })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { DEV_WARM_UP_MARKER, isUnloggedDevRequest } from "../../lib/dev-request-log";
import { readyBanner, SIGN_IN_PATH, warmUpBaseUrl } from "./dev-warm-up";

describe("development warm-up", () => {
  it("reaches a server on every interface through loopback, and a named host by its name", () => {
    expect(warmUpBaseUrl(3000, undefined)).toBe("http://127.0.0.1:3000");
    expect(warmUpBaseUrl(3000, "0.0.0.0")).toBe("http://127.0.0.1:3000");
    expect(warmUpBaseUrl(3000, "::")).toBe("http://127.0.0.1:3000");
    expect(warmUpBaseUrl("3001", "192.168.1.20")).toBe("http://192.168.1.20:3001");
    expect(warmUpBaseUrl(3000, "::1")).toBe("http://[::1]:3000");
  });

  it("asks for the pages and routes of a sign-in, never with a secret or an address", () => {
    expect(SIGN_IN_PATH).toEqual(expect.arrayContaining(["/signin", "/signin/check-email", "/account", "/api/sign-in/redeem"]));
    for (const path of SIGN_IN_PATH) expect(path).not.toMatch(/[?#]/);
    // Each is asked with the marker that keeps it out of the server's log.
    for (const path of SIGN_IN_PATH) expect(isUnloggedDevRequest(`${path}?${DEV_WARM_UP_MARKER}`)).toBe(true);
  });

  it("ends the first screen on the mailbox and the app's address", () => {
    const banner = readyBanner({ appUrl: "http://localhost:3000", mailboxUrl: "http://localhost:3000/dev/mailbox", seconds: 12 }).split(
      "\n",
    );
    expect(banner.at(-2)).toBe("  App       http://localhost:3000");
    expect(banner.at(-3)).toContain("http://localhost:3000/dev/mailbox");
    expect(banner[1]).toContain("12 s");
  });

  it("leaves the mailbox out when mail goes to a real server", () => {
    expect(readyBanner({ appUrl: "http://localhost:3000", seconds: 3 })).not.toContain("Mailbox");
  });
});

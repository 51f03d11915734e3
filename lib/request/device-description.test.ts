import { describe, expect, it } from "vitest";
import { describeDevice, UNKNOWN_BROWSER, UNKNOWN_OS } from "./device-description";

const UA = {
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  chromeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  chromeAndroid: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  edgeMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  headless: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
  firefoxAndroid: "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
};

describe("describeDevice", () => {
  it.each([
    [UA.firefoxLinux, "Firefox", "Linux", "firefox"],
    [UA.chromeWindows, "Chrome", "Windows", "chrome"],
    [UA.safariIphone, "Safari", "iOS", "safari"],
    [UA.chromeAndroid, "Chrome", "Android", "chrome"],
    [UA.edgeMac, "Edge", "macOS", "edge"],
    [UA.headless, "Chrome", "Linux", "chrome"],
    [UA.firefoxAndroid, "Firefox", "Android", "firefox"],
  ])("%s", (userAgent, browser, os, browserFamily) => {
    expect(describeDevice(userAgent)).toEqual({ browser, os, label: `${browser} on ${os}`, browserFamily });
  });

  it('reads "Firefox on Linux" for the common desktop case', () => {
    expect(describeDevice(UA.firefoxLinux).label).toBe("Firefox on Linux");
  });

  it.each([[null], [""], ["curl/8.5.0"], ["\u0000\u0001"]])("unknown for %j", (userAgent) => {
    expect(describeDevice(userAgent)).toEqual({
      browser: UNKNOWN_BROWSER,
      os: UNKNOWN_OS,
      label: "Unknown browser on unknown system",
      browserFamily: "unknown",
    });
  });

  it("names what it can when only part is known", () => {
    const described = describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    expect(described.browser).toBe(UNKNOWN_BROWSER);
    expect(described.os).toBe("Windows");
    expect(described.label).toBe("Unknown browser on Windows");
  });

  it("copes with an absurdly long user agent", () => {
    expect(describeDevice(`${UA.firefoxLinux}${" x".repeat(50_000)}`).label).toBe("Firefox on Linux");
  });
});

describe("remembered descriptions", () => {
  it("give the same answer as a fresh parse, and cannot be changed through a returned value", () => {
    const agent =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const first = describeDevice(agent);
    first.label = "tampered";
    expect(describeDevice(agent)).toEqual({ ...first, label: "Safari on iOS" });
  });

  it("stay bounded: many distinct agents still describe correctly", () => {
    for (let index = 0; index < 1_500; index++)
      expect(describeDevice(`Mozilla/5.0 (X11; Linux x86_64; rv:${index}.0) Gecko/20100101 Firefox/${index}.0`).label).toBe(
        "Firefox on Linux",
      );
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64; rv:3.0) Gecko/20100101 Firefox/3.0").label).toBe("Firefox on Linux");
  });
});

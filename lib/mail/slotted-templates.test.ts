import { describe, expect, it } from "vitest";
import { fill, fillsExactly, SlottedTemplates } from "./slotted-templates";

describe("slotted templates", () => {
  it("accepts the values our emails carry and refuses what escaping or text conversion would change", () => {
    for (const value of [
      "https://app.example.com/verify/abc#Zm9v_-",
      "482913",
      "14:15 UTC / 15:15 Europe/Paris",
      "Chrome on macOS, 2001:db8::1",
      "Café on Linux, 10.0.0.1",
    ])
      expect(fillsExactly(value), value).toBe(true);
    for (const value of [
      "a & b",
      "<b>",
      'say "hi"',
      "it's",
      "two  spaces",
      " leading",
      "trailing ",
      "tab\there",
      "line\nbreak",
      "",
      "zqslotcodezq",
    ])
      expect(fillsExactly(value), JSON.stringify(value)).toBe(false);
  });

  it("fills every marker in one pass, so a value is never read as a marker", () => {
    expect(fill("a zqslotxzq b zqslotyzq", { x: "zqslotyzq", y: "2" })).toBe("a zqslotyzq b 2");
  });

  it("renders once per key and falls back to a full render for unsafe values or lost markers", async () => {
    let renders = 0;
    const templates = new SlottedTemplates(["name"]);
    const renderWith = async ({ name }: { name: string }) => (renders++, { html: `<p>${name.replace(/&/g, "&amp;")}</p>`, text: name });
    expect(await templates.render("k", { name: "Ada" }, renderWith)).toEqual({ html: "<p>Ada</p>", text: "Ada" });
    expect(await templates.render("k", { name: "Grace" }, renderWith)).toEqual({ html: "<p>Grace</p>", text: "Grace" });
    expect(renders).toBe(1);
    expect(await templates.render("k", { name: "A & B" }, renderWith)).toEqual({ html: "<p>A &amp; B</p>", text: "A & B" });
    expect(renders).toBe(2);

    const lossy = new SlottedTemplates(["name"]);
    const upperCased = async ({ name }: { name: string }) => ({ html: `<h1>${name.toUpperCase()}</h1>`, text: name.toUpperCase() });
    expect(await lossy.render("k", { name: "ada" }, upperCased)).toEqual({ html: "<h1>ADA</h1>", text: "ADA" });
  });
});

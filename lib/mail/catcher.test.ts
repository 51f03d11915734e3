import { describe, expect, it } from "vitest";
import { GREYLIST_MS, scriptedReply } from "./catcher";

describe("scriptedReply", () => {
  it("refuses smtp-<code>- recipients with their code, every time", () => {
    expect(scriptedReply("smtp-550-ann@example.com", 0)).toMatchObject({ code: 550 });
    expect(scriptedReply("smtp-550-ann@example.com", 3_600_000)).toMatchObject({ code: 550 });
    expect(scriptedReply("smtp-451-bob@example.com", 3_600_000)).toMatchObject({ code: 451 });
  });

  it("greylists: 451 until the address was first seen GREYLIST_MS ago, accepted after", () => {
    expect(scriptedReply("greylist-cy@example.com", 0)).toMatchObject({ code: 451 });
    expect(scriptedReply("greylist-cy@example.com", GREYLIST_MS - 1)).toMatchObject({ code: 451 });
    expect(scriptedReply("greylist-cy@example.com", GREYLIST_MS)).toBeNull();
  });

  it("accepts everyone else, including codes that are no SMTP refusal", () => {
    expect(scriptedReply("ann@example.com", 0)).toBeNull();
    expect(scriptedReply("smtp-250-ann@example.com", 0)).toBeNull();
    expect(scriptedReply("x-smtp-550-ann@example.com", 0)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { action, done, formAction, redirectingAction } from "./action";
import type { Gate } from "./gate";

const admin: Gate<{ actor: string }> = async () => ({ actor: "admin-1" });
const refusing: Gate = async () => {
  throw new AppError("step-up-required", "Confirm it's you.", { stepUpUrl: "/step-up?policy=admin.access" });
};
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};
/** Next.js's redirect() throws an error whose digest carries the address. */
const redirectedTo = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown as { digest?: string },
  );
  return error?.digest?.split(";")[2] ?? null;
};

describe("action", () => {
  const rename = action(
    { gate: admin, schema: z.object({ name: z.string().trim().min(1, "Give it a name.") }) },
    async ({ name }, { actor }) => done({ name, by: actor }),
  );

  it("runs the body with the parsed input and what the gate learned", async () => {
    expect(await rename({ name: "  Laptop " })).toEqual({ ok: true, data: { name: "Laptop", by: "admin-1" } });
  });

  it("answers invalid input with invalid-input and zod's first issue, or the action's own refusal", async () => {
    expect(await rename({ name: " " })).toEqual({ ok: false, code: "invalid-input", message: "Give it a name." });
    expect(await rename("not an object")).toMatchObject({ ok: false, code: "invalid-input" });
    const link = action(
      { gate: admin, schema: z.object({ token: z.string().length(43) }), invalid: AppError.of("emailChange", "invalid-link") },
      async () => done(),
    );
    expect(await link({ token: "short" })).toEqual({
      ok: false,
      code: "invalid-link",
      message: "This link is not valid. Copy the whole link from the email, or ask for a new one.",
    });
  });

  it("never runs the body when the gate refuses, and passes the step-up address on", async () => {
    let ran = false;
    const guarded = action({ gate: refusing }, async () => ((ran = true), done()));
    expect(await guarded()).toEqual({
      ok: false,
      code: "step-up-required",
      message: "Confirm it's you.",
      stepUpUrl: "/step-up?policy=admin.access",
    });
    expect(ran).toBe(false);
  });

  it("turns an AppError from the body into a result with its extra fields", async () => {
    const undo = action({ gate: admin }, async () => {
      throw AppError.of("revertProof", "factor-required", { extra: { methods: ["passkey"] } });
    });
    expect(await undo()).toMatchObject({ ok: false, code: "factor-required", methods: ["passkey"] });
  });

  it("lets an outage and a bug through: Next.js answers them (503 for an outage, see database-outage.ts)", async () => {
    const outage = action({ gate: admin }, () =>
      Promise.reject(Object.assign(new Error("Can't reach database server"), { code: "P1001" })),
    );
    await expect(outage()).rejects.toThrow("Can't reach database server");
  });
});

describe("formAction", () => {
  it("called directly with something other than a form, it is answered by the gate, then refused as invalid input, never a crash", async () => {
    const lock = formAction({ gate: refusing, schema: z.object({ userId: z.string() }) }, async () => done());
    const posted = [{ userId: "u1" }, "text", null, 42] as unknown as FormData[];
    for (const input of posted) expect(await lock(null, input)).toMatchObject({ ok: false, code: "step-up-required" });
    const open = formAction({ gate: admin, schema: z.object({ userId: z.string() }) }, async () => done());
    for (const input of posted) expect(await open(null, input)).toMatchObject({ ok: false, code: "invalid-input" });
    const plain = redirectingAction(
      { gate: admin, schema: z.object({ userId: z.string() }), refused: (failure) => `/refused?code=${failure.code}` },
      async () => undefined,
    );
    expect(await redirectedTo(plain({ userId: "u1" } as unknown as FormData))).toBe("/refused?code=invalid-input");
  });

  it("reads the form's string fields (not Next.js's own) and returns the sentence of the outcome", async () => {
    const lock = formAction({ gate: admin, schema: z.object({ userId: z.string() }).strict() }, async ({ userId }) =>
      done(null, `Locked ${userId}.`),
    );
    expect(await lock(null, form({ userId: "u1", $ACTION_ID_abc: "" }))).toEqual({ ok: true, data: null, message: "Locked u1." });
  });
});

describe("redirectingAction", () => {
  it("redirects a refusal to where the action says", async () => {
    const revoke = redirectingAction({ gate: refusing, refused: (failure) => failure.stepUpUrl ?? "/account" }, async () => undefined);
    expect(await redirectedTo(revoke(form({})))).toBe("/step-up?policy=admin.access");
  });

  it("sends invalid input to the refusal address too, and lets the body's own redirect through", async () => {
    const approve = redirectingAction(
      { gate: admin, schema: z.object({ number: z.string().regex(/^\d{2}$/) }), refused: (failure) => `/account?approval=${failure.code}` },
      async ({ number }) => {
        const { redirect } = await import("next/navigation");
        redirect(`/account?approved=${number}`);
      },
    );
    expect(await redirectedTo(approve(form({ number: "7" })))).toBe("/account?approval=invalid-input");
    expect(await redirectedTo(approve(form({ number: "42" })))).toBe("/account?approved=42");
  });
});

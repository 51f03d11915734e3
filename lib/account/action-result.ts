import type { GateRefusal } from "../step-up/assert-step-up";

/** What every account action returns to the browser: data, or a code and a sentence for people. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; stepUpUrl?: string };

export function refused(refusal: GateRefusal): ActionResult<never> {
  return { ok: false, code: refusal.code, message: refusal.message, stepUpUrl: refusal.stepUpUrl };
}

export function failed(code: string, message: string): ActionResult<never> {
  return { ok: false, code, message };
}

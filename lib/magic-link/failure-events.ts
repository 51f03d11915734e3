import type { AuditEventType } from "../audit/event-types";
import type { FailureReason } from "./failure-reasons";

/** Which audit event a refused use of a link or code is recorded as. */
export function failureEventType(reason: FailureReason): AuditEventType {
  switch (reason) {
    case "already-used":
      return "attempt.reuse";
    case "expired":
      return "attempt.expired_use";
    case "other-browser":
      return "attempt.refused_other_browser";
    case "wrong-code":
    case "too-many-tries":
    case "account-locked":
    case "codes-locked":
      return "code.failed";
    default:
      return "attempt.refused";
  }
}

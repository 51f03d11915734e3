/** The audit events the Overview counts as failures, with the words it shows for them. */
export const FAILURE_EVENT_LABELS: Record<string, string> = {
  "email.failed": "Email delivery failed (a try)",
  "email.skipped": "Email not sent (link closed or address suppressed)",
  "email.bounced": "Email bounced (provider)",
  "email.complained": "Email reported as spam (provider)",
  "attempt.expired_use": "Link used after it expired",
  "attempt.reuse": "Link used again after it was used",
  "attempt.refused_other_browser": "Link opened in another browser (refused)",
  "attempt.refused": "Link refused (superseded, cancelled or invalid)",
  "code.failed": "Wrong code entered",
  "account.code_lockout": "Code entry locked for an account",
  "crossdevice.denied": "Cross-device approval denied (wrong number)",
};

export const FAILURE_EVENT_TYPES = Object.keys(FAILURE_EVENT_LABELS);

/** email.failed is broken down by its kind (details.failure), each with its own words. */
export const EMAIL_FAILURE_KIND_LABELS: Record<string, string> = {
  "email.failed:permanent": "Email refused for good (SMTP 5xx)",
  "email.failed:temporary": "Email failed for now (SMTP 4xx or connection; retried)",
};

/** Final states of attempts that did not end in a sign-in. */
export const UNFINISHED_OUTCOME_LABELS = {
  expiredUnused: "Expired without being used",
  superseded: "Replaced by a newer link",
  cancelled: "Cancelled",
  locked: "Stopped by an account lock",
  deliveryFailed: "Email could not be delivered",
} as const;

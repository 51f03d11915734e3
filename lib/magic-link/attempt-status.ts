/** Attempt statuses that can still be redeemed, approved or superseded. */
export const OPEN_STATUSES = ["PENDING", "AWAITING_APPROVAL", "DELIVERY_FAILED"] as const;

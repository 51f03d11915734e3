/**
 * Plain data the risk signals read: one sign-in attempt, its own audit events and the
 * history around it. No Prisma types, so the signals stay pure and easy to test, and the
 * clock is part of the input.
 */

export interface DeviceFacts {
  ip: string | null;
  userAgent: string | null;
  /** Keyed hash of the browser's binding secret; null when unknown. */
  deviceHash: string | null;
}

export interface AttemptSnapshot {
  id: string;
  email: string;
  userId: string | null;
  /** The account holds the admin role or its address is in ADMIN_EMAILS. */
  accountIsAdmin: boolean;
  status: string;
  requestedAt: Date;
  expiresAt: Date;
  codeFailures: number;
  /** The browser that asked for the link. */
  request: DeviceFacts;
  /** The browser that redeemed it (for a cross-device approval: the requesting tab). */
  redemption: (DeviceFacts & { at: Date; via: string | null }) | null;
  /** Another device that approved the requesting tab by number matching. */
  approval: (DeviceFacts & { at: Date }) | null;
}

export interface AttemptEventFact {
  type: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  deviceHash: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface RiskHistory {
  /** When sign-ins were requested for the same address (this attempt included). */
  requestsForAddress: Date[];
  /** Requests for the same address refused by a rate limit. */
  rateLimitedForAddress: number;
  /** Attempts requested from the same IP address. */
  requestsFromIp: Array<{ email: string; at: Date }>;
  /** Attempts requested from the same browser (binding hash). */
  requestsFromDevice: Array<{ email: string; at: Date }>;
  /** Device hashes of the account's sessions that began before this attempt. */
  earlierSessionDevices: string[];
}

export interface RiskInput {
  attempt: AttemptSnapshot;
  /** This attempt's audit events, oldest first. */
  events: AttemptEventFact[];
  history: RiskHistory;
  now: Date;
  /**
   * The development server, asked from this machine: every request comes from loopback, so
   * network signals (one IP for many addresses, a change of network) say nothing about an attacker.
   */
  localDevelopment?: boolean;
}

export type SignalName =
  | "different-network"
  | "different-browser"
  | "scanner-fetch"
  | "many-requests-for-address"
  | "many-addresses-from-ip"
  | "many-addresses-from-device"
  | "link-reuse"
  | "expired-use"
  | "code-guessing"
  | "cross-device-approval"
  | "new-admin-device";

export interface RiskSignal {
  signal: SignalName;
  /** Points towards the risk score (0–100 once summed and capped). */
  weight: number;
  /** A sentence an administrator can read without knowing the code. */
  reason: string;
}

export type SignalFunction = (input: RiskInput) => RiskSignal | null;

/** Look-back window for "many requests" style signals. */
export const BURST_WINDOW_MS = 60 * 60_000;

/** Whether `at` lies in the burst window before the attempt, up to the assessment clock. */
export function inBurstWindow(at: Date, input: RiskInput): boolean {
  const from = input.attempt.requestedAt.getTime() - BURST_WINDOW_MS;
  return at.getTime() >= from && at.getTime() <= input.now.getTime();
}

/** Events of one type that had happened by the assessment clock. */
export function eventsOfType(input: RiskInput, type: string): AttemptEventFact[] {
  return input.events.filter((event) => event.type === type && event.at.getTime() <= input.now.getTime());
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

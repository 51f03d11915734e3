import { isStepUpMethod, type StepUpMethod } from "./methods";
import { isStepUpPolicyName, type StepUpPolicyName } from "./policies";

/**
 * Session.stepUps holds when each method last succeeded, plus when each idle-limited
 * policy was last used: {"passkey": "<ISO time>", "lastUsed": {"admin.access": "<ISO time>"}}.
 * It is written only by the server, but read defensively: anything malformed counts as absent.
 */
export interface StepUpRecord {
  proofs: Partial<Record<StepUpMethod, Date>>;
  lastUsed: Partial<Record<StepUpPolicyName, Date>>;
}

type StoredRecord = Partial<Record<StepUpMethod, string>> & { lastUsed?: Partial<Record<StepUpPolicyName, string>> };

export function readStepUpRecord(stored: unknown): StepUpRecord {
  const record: StepUpRecord = { proofs: {}, lastUsed: {} };
  if (!isObject(stored)) return record;
  for (const [key, value] of Object.entries(stored)) {
    const at = toDate(value);
    if (isStepUpMethod(key) && at) record.proofs[key] = at;
  }
  if (isObject(stored.lastUsed)) {
    for (const [key, value] of Object.entries(stored.lastUsed)) {
      const at = toDate(value);
      if (isStepUpPolicyName(key) && at) record.lastUsed[key] = at;
    }
  }
  return record;
}

/** The record after a successful step-up: this method now, everything else kept. */
export function recordWithProof(stored: unknown, method: StepUpMethod, at: Date): StoredRecord {
  const { proofs, lastUsed } = readStepUpRecord(stored);
  return serialise({ proofs: { ...proofs, [method]: at }, lastUsed });
}

function serialise(record: StepUpRecord): StoredRecord {
  const stored: StoredRecord = {};
  for (const [method, at] of Object.entries(record.proofs) as Array<[StepUpMethod, Date]>) stored[method] = at.toISOString();
  const lastUsed = Object.fromEntries(Object.entries(record.lastUsed).map(([name, at]) => [name, at.toISOString()]));
  if (Object.keys(lastUsed).length > 0) stored.lastUsed = lastUsed;
  return stored;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

import { sign, verify } from "node:crypto";
import type { AuditKey, AuditKeyring } from "./audit-keys";
import { canonicalJson } from "./event-hash";

/** What a checkpoint states: at this time the chain's newest event was #headSeq with this hash. */
export interface CheckpointContent {
  createdAt: Date;
  /** 0 when the chain was empty. */
  headSeq: bigint;
  headHash: string;
  /** The signature of the checkpoint before this one ("" for the first): checkpoints form a chain too. */
  prevSignature: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointContent {
  signature: string;
}

export function checkpointBody(content: CheckpointContent): string {
  return canonicalJson({
    v: 1,
    createdAt: content.createdAt.toISOString(),
    headSeq: content.headSeq.toString(),
    headHash: content.headHash,
    prevSignature: content.prevSignature,
    keyId: content.keyId,
  });
}

/** Ed25519 over the canonical body: anyone with the public key can check it, only the app can make it. */
export function signCheckpoint(key: AuditKey, content: Omit<CheckpointContent, "keyId">): SignedCheckpoint {
  const full = { ...content, keyId: key.id };
  return { ...full, signature: sign(null, Buffer.from(checkpointBody(full)), key.checkpointPrivateKey).toString("base64url") };
}

export function checkpointSignatureValid(keyring: AuditKeyring, checkpoint: SignedCheckpoint): boolean {
  const key = keyring.byId.get(checkpoint.keyId);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(checkpointBody(checkpoint)), key.checkpointPublicKey, Buffer.from(checkpoint.signature, "base64url"));
  } catch {
    return false;
  }
}

/** A checkpoint as JSON, for copies kept outside the database (logs, a SIEM, a file). */
export function checkpointToJson(checkpoint: SignedCheckpoint): Record<string, string> {
  return {
    createdAt: checkpoint.createdAt.toISOString(),
    headSeq: checkpoint.headSeq.toString(),
    headHash: checkpoint.headHash,
    prevSignature: checkpoint.prevSignature,
    keyId: checkpoint.keyId,
    signature: checkpoint.signature,
  };
}

export function checkpointFromJson(value: unknown): SignedCheckpoint | null {
  if (!value || typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  const fields = ["createdAt", "headSeq", "headHash", "prevSignature", "keyId", "signature"] as const;
  if (!fields.every((field) => typeof record[field] === "string")) return null;
  const createdAt = new Date(record.createdAt as string);
  if (Number.isNaN(createdAt.getTime()) || !/^\d{1,19}$/.test(record.headSeq as string)) return null;
  return {
    createdAt,
    headSeq: BigInt(record.headSeq as string),
    headHash: record.headHash as string,
    prevSignature: record.prevSignature as string,
    keyId: record.keyId as string,
    signature: record.signature as string,
  };
}

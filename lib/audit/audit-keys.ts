import { createHash, createHmac, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readEnv, type Env } from "../env";

/**
 * The keys of the audit trail, all derived from one secret the database never holds:
 * AUDIT_CHAIN_KEY, or (unset) AUTH_SECRET. Each event carries an HMAC made with the event
 * key, and each checkpoint an Ed25519 signature made with the checkpoint key, so neither
 * can be forged by anyone who only reaches the database.
 */
export interface AuditKey {
  /** Names the key in stored events and checkpoints without revealing it. */
  id: string;
  eventMacKey: Buffer;
  checkpointPrivateKey: KeyObject;
  checkpointPublicKey: KeyObject;
}

export interface AuditKeyring {
  current: AuditKey;
  /** Every key verification accepts, current first, by id. */
  byId: Map<string, AuditKey>;
}

// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function derive(root: Buffer, purpose: string): Buffer {
  return createHmac("sha256", root).update(`magic-link-guard:audit:${purpose}`).digest();
}

function rootFromAuthSecret(authSecret: string): Buffer {
  return createHmac("sha256", authSecret).update("magic-link-guard:audit-chain").digest();
}

/** AUDIT_CHAIN_KEY as given, or the root derived from an AUTH_SECRET ("auth-secret:<value>"). */
function rootFromSetting(value: string): Buffer {
  return value.startsWith("auth-secret:") ? rootFromAuthSecret(value.slice("auth-secret:".length)) : Buffer.from(value, "utf8");
}

export function auditKeyFromRoot(root: Buffer): AuditKey {
  const seed = derive(root, "checkpoint-ed25519");
  const checkpointPrivateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  return {
    id: createHash("sha256").update(derive(root, "key-id")).digest("hex").slice(0, 16),
    eventMacKey: derive(root, "event-mac"),
    checkpointPrivateKey,
    checkpointPublicKey: createPublicKey(checkpointPrivateKey),
  };
}

export function auditKeyringFor(env: Pick<Env, "AUDIT_CHAIN_KEY" | "AUDIT_CHAIN_PREVIOUS_KEYS" | "AUTH_SECRET">): AuditKeyring {
  const current = auditKeyFromRoot(env.AUDIT_CHAIN_KEY ? rootFromSetting(env.AUDIT_CHAIN_KEY) : rootFromAuthSecret(env.AUTH_SECRET));
  const byId = new Map([[current.id, current]]);
  for (const previous of env.AUDIT_CHAIN_PREVIOUS_KEYS) {
    const key = auditKeyFromRoot(rootFromSetting(previous));
    if (!byId.has(key.id)) byId.set(key.id, key);
  }
  return { current, byId };
}

let cached: { env: Env; keyring: AuditKeyring } | undefined;

export function auditKeyring(): AuditKeyring {
  const env = readEnv();
  if (cached?.env !== env) cached = { env, keyring: auditKeyringFor(env) };
  return cached.keyring;
}

/** The checkpoint public key as PEM, for verifiers outside the app (a SIEM, an auditor). */
export function checkpointPublicKeyPem(key: AuditKey = auditKeyring().current): string {
  return key.checkpointPublicKey.export({ format: "pem", type: "spki" }).toString();
}

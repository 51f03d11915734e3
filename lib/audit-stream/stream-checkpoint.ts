import type { AuditCheckpoint } from "../generated/prisma/client";
import { ECS_VERSION } from "./stream-event";

export const CHECKPOINT_ACTION = "audit.checkpoint";

/**
 * A signed checkpoint of the chain's head as it travels in the stream, beside the events
 * (README "Audit stream"): ECS `event.kind: "state"` (a statement about the trail, not
 * something that happened), never an audit event itself, so it moves no head. Everything a
 * receiver needs to check the Ed25519 signature with the public key (`npm run
 * audit:public-key`) is under `magic_link.checkpoint`, as the strings that were signed.
 */
export interface StreamCheckpoint {
  "@timestamp": string;
  ecs: { version: string };
  event: {
    kind: "state";
    module: "magic_link";
    dataset: "magic_link.audit";
    action: typeof CHECKPOINT_ACTION;
    category: ["database"];
    type: ["info"];
  };
  magic_link: {
    checkpoint: {
      /** The checkpoint's position among checkpoints: the pull API's `after_checkpoint` cursor. */
      id: string;
      /** The version of the signed body (below). */
      v: 1;
      algorithm: "Ed25519";
      created_at: string;
      head_seq: string;
      head_hash: string;
      prev_signature: string;
      key_id: string;
      signature: string;
    };
  };
}

export type StreamableCheckpoint = Pick<
  AuditCheckpoint,
  "id" | "createdAt" | "headSeq" | "headHash" | "prevSignature" | "keyId" | "signature"
>;

/** Pure: the stored checkpoint to its stream form. */
export function toStreamCheckpoint(row: StreamableCheckpoint): StreamCheckpoint {
  return {
    "@timestamp": row.createdAt.toISOString(),
    ecs: { version: ECS_VERSION },
    event: {
      kind: "state",
      module: "magic_link",
      dataset: "magic_link.audit",
      action: CHECKPOINT_ACTION,
      category: ["database"],
      type: ["info"],
    },
    magic_link: {
      checkpoint: {
        id: row.id.toString(),
        v: 1,
        algorithm: "Ed25519",
        created_at: row.createdAt.toISOString(),
        head_seq: row.headSeq.toString(),
        head_hash: row.headHash,
        prev_signature: row.prevSignature,
        key_id: row.keyId,
        signature: row.signature,
      },
    },
  };
}

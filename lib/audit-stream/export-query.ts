/** The pull API's page size: the default, and the most one request may ask for. */
export const EXPORT_DEFAULT_LIMIT = 500;
export const EXPORT_MAX_LIMIT = 1000;

export type ExportQuery = { ok: true; after: bigint; afterCheckpoint: bigint | null; limit: number } | { ok: false; message: string };

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * `after` is the seq of the last event the caller already has (exclusive; 0 or absent: from
 * the start), `after_checkpoint` the id of the last signed checkpoint the caller has (absent:
 * the caller has those covering its events, see exportCursor), `limit` how many lines to
 * return, capped at EXPORT_MAX_LIMIT. Anything else is a clear 400 rather than a guess.
 */
export function parseExportQuery(params: URLSearchParams): ExportQuery {
  const afterText = params.get("after");
  const limitText = params.get("limit");
  const checkpointText = params.get("after_checkpoint");
  if (["after", "after_checkpoint", "limit"].some((name) => params.getAll(name).length > 1))
    return { ok: false, message: "Give `after`, `after_checkpoint` and `limit` at most once each." };
  let after = 0n;
  if (afterText !== null && afterText !== "") {
    if (!/^\d{1,19}$/.test(afterText) || BigInt(afterText) > MAX_BIGINT) {
      return {
        ok: false,
        message: "`after` must be the sequence number of the last event you received: a whole number, 0 to start from the beginning.",
      };
    }
    after = BigInt(afterText);
  }
  let afterCheckpoint: bigint | null = null;
  if (checkpointText !== null && checkpointText !== "") {
    if (!/^\d{1,19}$/.test(checkpointText) || BigInt(checkpointText) > MAX_BIGINT) {
      return {
        ok: false,
        message:
          "`after_checkpoint` must be the id (magic_link.checkpoint.id) of the last checkpoint you received: a whole number, 0 for all of them.",
      };
    }
    afterCheckpoint = BigInt(checkpointText);
  }
  let limit = EXPORT_DEFAULT_LIMIT;
  if (limitText !== null && limitText !== "") {
    if (!/^\d{1,7}$/.test(limitText) || Number(limitText) < 1)
      return { ok: false, message: `\`limit\` must be a whole number from 1 to ${EXPORT_MAX_LIMIT}.` };
    limit = Math.min(Number(limitText), EXPORT_MAX_LIMIT);
  }
  return { ok: true, after, afterCheckpoint, limit };
}

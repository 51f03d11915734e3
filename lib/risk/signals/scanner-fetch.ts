import { formatDuration } from "./format-duration";
import { eventsOfType, type RiskSignal, type SignalFunction } from "./types";

/**
 * A mail security scanner or link preview fetched the link. Fetches cannot consume a
 * link here, so this is context for the timeline more than danger: a small weight.
 */
export const scannerFetchSignal: SignalFunction = (input): RiskSignal | null => {
  const scannerFetches = eventsOfType(input, "link.fetched").filter((event) => event.details.likelyScanner === true);
  if (scannerFetches.length === 0) return null;
  const names = [...new Set(scannerFetches.map((event) => (typeof event.details.scannerName === "string" ? event.details.scannerName : "an unnamed scanner")))];
  const sent = eventsOfType(input, "email.sent")[0]?.at ?? input.attempt.requestedAt;
  const first = scannerFetches[0];
  const after = formatDuration(first.at.getTime() - sent.getTime());
  const times = scannerFetches.length === 1 ? "" : ` (${scannerFetches.length} fetches)`;
  return {
    signal: "scanner-fetch",
    weight: 5,
    reason: `The link was fetched by ${names.join(", ")} ${after} after it was sent${times}.`,
  };
};

import { formatDuration } from "./format-duration";
import { eventsOfType, type AttemptEventFact, type RiskSignal, type SignalFunction } from "./types";

/**
 * A mail security scanner or link preview fetched the link. Fetches cannot consume a
 * link here, so this is context for the timeline more than danger: a small weight.
 */
export const scannerFetchSignal: SignalFunction = (input): RiskSignal | null => {
  // A browser that then ran the page's script and posted the link (link.opened from the same
  // browser) is a person's, whatever its user agent says (a headless Chrome in tests, say).
  const opened = eventsOfType(input, "link.opened");
  const ranThePage = (fetch: AttemptEventFact) =>
    opened.some(
      (open) =>
        open.at >= fetch.at &&
        (fetch.deviceHash !== null ? open.deviceHash === fetch.deviceHash : open.ip === fetch.ip && open.userAgent === fetch.userAgent),
    );
  const scannerFetches = eventsOfType(input, "link.fetched").filter((event) => event.details.likelyScanner === true && !ranThePage(event));
  if (scannerFetches.length === 0) return null;
  const names = [
    ...new Set(
      scannerFetches.map((event) => (typeof event.details.scannerName === "string" ? event.details.scannerName : "an unnamed scanner")),
    ),
  ];
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

import { describe, expect, it } from "vitest";
import {
  batchHeaders,
  interleaveStream,
  streamItemsToNdjson,
  type StreamCursor,
  type StreamItem,
  type StreamReads,
} from "./interleave-stream";
import type { StreamableCheckpoint } from "./stream-checkpoint";
import type { StreamableEvent } from "./stream-event";

function event(seq: number): StreamableEvent {
  return {
    seq: BigInt(seq),
    eventId: null,
    keyId: "k",
    mac: "m",
    createdAt: new Date("2026-11-29T10:00:00.000Z"),
    type: "link.fetched",
    attemptId: null,
    userId: null,
    sessionHash: null,
    ip: null,
    userAgent: null,
    personalDigest: null,
    deviceHash: null,
    outcome: "info",
    reason: null,
    details: {},
    prevHash: "p",
    hash: `h${seq}`,
  };
}

function checkpoint(id: number, headSeq: number): StreamableCheckpoint {
  return {
    id: BigInt(id),
    createdAt: new Date("2026-11-29T10:01:00.000Z"),
    headSeq: BigInt(headSeq),
    headHash: `h${headSeq}`,
    prevSignature: "",
    keyId: "k",
    signature: `sig${id}`,
  };
}

const start: StreamCursor = { lastSeq: 0n, lastCheckpointId: 0n };

function reads(
  events: number[],
  checkpoints: Array<[number, number]>,
  more: { events?: boolean; checkpoints?: boolean } = {},
): StreamReads {
  return {
    events: events.map(event),
    eventsComplete: !more.events,
    checkpoints: checkpoints.map(([id, head]) => checkpoint(id, head)),
    checkpointsComplete: !more.checkpoints,
  };
}

/** "e3" for event 3, "c2@3" for checkpoint 2 of head 3. */
const labels = (items: StreamItem[]) =>
  items.map((item) => (item.kind === "event" ? `e${item.event.seq}` : `c${item.checkpoint.id}@${item.checkpoint.headSeq}`));

describe("interleaveStream", () => {
  it("puts each checkpoint right after the event its head names, before the next event", () => {
    const page = interleaveStream(
      start,
      reads(
        [1, 2, 3, 4, 5],
        [
          [1, 2],
          [2, 4],
        ],
      ),
      100,
    );
    expect(labels(page.items)).toEqual(["e1", "e2", "c1@2", "e3", "e4", "c2@4", "e5"]);
    expect(page.next).toEqual({ lastSeq: 5n, lastCheckpointId: 2n });
    expect(page.hasMore).toBe(false);
  });

  it("keeps checkpoints of an idle chain (the same head) in their own order, after that head", () => {
    const page = interleaveStream(
      start,
      reads(
        [1, 2],
        [
          [1, 2],
          [2, 2],
          [3, 2],
        ],
      ),
      100,
    );
    expect(labels(page.items)).toEqual(["e1", "e2", "c1@2", "c2@2", "c3@2"]);
  });

  it("respects the gaps in seq: a checkpoint of head 5 goes after event 5 even when 6 and 7 never committed", () => {
    const page = interleaveStream(start, reads([4, 5, 8], [[1, 5]]), 100);
    expect(labels(page.items)).toEqual(["e4", "e5", "c1@5", "e8"]);
  });

  it("sends first a checkpoint that committed after newer events had already gone, rather than skipping it", () => {
    // The receiver has events up to 10 and checkpoint 3; checkpoint 4 names head 9 and committed late.
    const page = interleaveStream(
      { lastSeq: 10n, lastCheckpointId: 3n },
      reads(
        [11, 12],
        [
          [4, 9],
          [5, 12],
        ],
      ),
      100,
    );
    expect(labels(page.items)).toEqual(["c4@9", "e11", "e12", "c5@12"]);
    expect(page.next).toEqual({ lastSeq: 12n, lastCheckpointId: 5n });
  });

  it("holds back a checkpoint whose head lies past the events read so far when more events are to come", () => {
    const page = interleaveStream(
      start,
      reads(
        [1, 2, 3],
        [
          [1, 2],
          [2, 7],
        ],
        { events: true },
      ),
      100,
    );
    expect(labels(page.items)).toEqual(["e1", "e2", "c1@2", "e3"]);
    expect(page.next).toEqual({ lastSeq: 3n, lastCheckpointId: 1n });
    expect(page.hasMore).toBe(true);
  });

  it("still sends a checkpoint whose head is past every event when no more events exist (the head went back: the receiver must see it)", () => {
    const page = interleaveStream({ lastSeq: 3n, lastCheckpointId: 0n }, reads([], [[1, 7]]), 100);
    expect(labels(page.items)).toEqual(["c1@7"]);
    expect(page.next).toEqual({ lastSeq: 3n, lastCheckpointId: 1n });
  });

  it("stops at the limit, counting checkpoints, and the cursor resumes exactly where the page ended", () => {
    const all = reads(
      [1, 2, 3, 4],
      [
        [1, 1],
        [2, 3],
      ],
    );
    const first = interleaveStream(start, all, 3);
    expect(labels(first.items)).toEqual(["e1", "c1@1", "e2"]);
    expect(first.next).toEqual({ lastSeq: 2n, lastCheckpointId: 1n });
    expect(first.hasMore).toBe(true);
    const rest = interleaveStream(first.next, reads([3, 4], [[2, 3]]), 3);
    expect(labels(rest.items)).toEqual(["e3", "c2@3", "e4"]);
    expect(rest.hasMore).toBe(false);
  });

  it("walking page by page at any limit yields the same sequence as one big page, with nothing lost or repeated", () => {
    const events = [1, 2, 3, 5, 6, 9, 10, 11];
    const checkpoints: Array<[number, number]> = [
      [1, 0],
      [2, 2],
      [3, 2],
      [4, 6],
      [5, 11],
      [6, 11],
    ];
    const whole = labels(interleaveStream(start, reads(events, checkpoints), 1000).items);
    expect(whole).toEqual(["c1@0", "e1", "e2", "c2@2", "c3@2", "e3", "e5", "e6", "c4@6", "e9", "e10", "e11", "c5@11", "c6@11"]);
    for (const limit of [1, 2, 3, 5]) {
      let cursor = start;
      const walked: string[] = [];
      for (let round = 0; round < 50; round++) {
        // As the database reads them: up to `limit` of each after the cursor.
        const eventsAfter = events.filter((seq) => BigInt(seq) > cursor.lastSeq);
        const checkpointsAfter = checkpoints.filter(([id]) => BigInt(id) > cursor.lastCheckpointId);
        const page = interleaveStream(
          cursor,
          {
            ...reads(eventsAfter.slice(0, limit), checkpointsAfter.slice(0, limit)),
            eventsComplete: eventsAfter.length <= limit,
            checkpointsComplete: checkpointsAfter.length <= limit,
          },
          limit,
        );
        walked.push(...labels(page.items));
        cursor = page.next;
        if (!page.hasMore) break;
      }
      expect(walked, `limit ${limit}`).toEqual(whole);
    }
  });

  it("returns nothing and keeps the cursor when there is nothing new", () => {
    const cursor = { lastSeq: 9n, lastCheckpointId: 4n };
    expect(interleaveStream(cursor, reads([], []), 10)).toEqual({ items: [], next: cursor, hasMore: false });
  });
});

describe("batchHeaders", () => {
  it("names the events and the newest checkpoint of a batch, and keys it by the positions before and after", () => {
    const page = interleaveStream({ lastSeq: 10n, lastCheckpointId: 3n }, reads([11, 12], [[4, 11]]), 10);
    expect(batchHeaders({ lastSeq: 10n, lastCheckpointId: 3n }, page)).toEqual({
      "Idempotency-Key": "10.3-12.4",
      "X-Audit-First-Seq": "11",
      "X-Audit-Last-Seq": "12",
      "X-Audit-Last-Checkpoint": "4",
    });
  });

  it("leaves out the seq headers for a batch of checkpoints only, and the checkpoint header for one without", () => {
    const only = interleaveStream({ lastSeq: 12n, lastCheckpointId: 4n }, reads([], [[5, 12]]), 10);
    expect(batchHeaders({ lastSeq: 12n, lastCheckpointId: 4n }, only)).toEqual({
      "Idempotency-Key": "12.4-12.5",
      "X-Audit-Last-Checkpoint": "5",
    });
    const none = interleaveStream(start, reads([1], []), 10);
    expect(batchHeaders(start, none)).toEqual({ "Idempotency-Key": "0.0-1.0", "X-Audit-First-Seq": "1", "X-Audit-Last-Seq": "1" });
  });
});

describe("streamItemsToNdjson", () => {
  it("writes events and checkpoints one per line, telling them apart by event.kind", () => {
    const lines = streamItemsToNdjson(interleaveStream(start, reads([1], [[1, 1]]), 10).items).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]).event).toMatchObject({ kind: "event", sequence: 1 });
    expect(JSON.parse(lines[1]).event).toMatchObject({ kind: "state", action: "audit.checkpoint" });
  });
});

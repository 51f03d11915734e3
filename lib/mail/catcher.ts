import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SMTPServer } from "smtp-server";
import PostalMime from "postal-mime";
import type { CaughtMessage } from "./mailbox";

/** How long a greylisted recipient is refused after its first try. */
export const GREYLIST_MS = 15_000;

/**
 * The reply a scripted recipient asks for, so that tests and a developer can see permanent
 * and temporary refusals over the real SMTP protocol:
 * - `smtp-<code>-…@…` (smtp-550-ann@example.com, smtp-451-bob@example.com) is refused at
 *   RCPT TO with that 4xx or 5xx code, every time;
 * - `greylist-…@…` is refused with 451 for GREYLIST_MS after the catcher first saw it and
 *   accepted after that, as a greylisting server does.
 * Null (accept) for every other address.
 */
export function scriptedReply(recipient: string, firstSeenMsAgo: number): { code: number; message: string } | null {
  if (/^greylist-/i.test(recipient)) {
    return firstSeenMsAgo >= GREYLIST_MS ? null : { code: 451, message: "4.7.1 Greylisted, please try again later" };
  }
  const match = /^smtp-([45]\d\d)-/i.exec(recipient);
  if (!match) return null;
  const code = Number(match[1]);
  return {
    code,
    message: code >= 500 ? "5.1.1 Recipient address rejected: User unknown" : "4.2.1 Mailbox temporarily unavailable, try again later",
  };
}

/**
 * A real SMTP server for development and tests: every message it accepts is parsed
 * and written as JSON into `folder`, where the dev mailbox page and the tests read it.
 * With `scriptedReplies`, recipients named by scriptedReply are refused with their code.
 */
export async function startMailCatcher(options: { port: number; folder: string; host?: string; scriptedReplies?: boolean }) {
  mkdirSync(options.folder, { recursive: true });
  const firstSeen = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 5 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      if (!firstSeen.has(recipient)) firstSeen.set(recipient, Date.now());
      const reply = options.scriptedReplies ? scriptedReply(recipient, Date.now() - firstSeen.get(recipient)!) : null;
      if (!reply) return callback();
      callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        try {
          const raw = Buffer.concat(chunks);
          const parsed = await PostalMime.parse(raw);
          const message: CaughtMessage = {
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: parsed.from?.address ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: parsed.html ?? "",
            headers: Object.fromEntries(parsed.headers.map((h) => [h.key, h.value])),
          };
          const file = path.join(options.folder, `${Date.now()}-${message.id}.json`);
          // Written under another name and renamed, so a reader never sees half a message.
          writeFileSync(`${file}.partial`, JSON.stringify(message, null, 2));
          renameSync(`${file}.partial`, file);
          callback(null, `Queued as ${message.id}`);
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

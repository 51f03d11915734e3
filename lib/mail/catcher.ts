import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SMTPServer } from "smtp-server";
import PostalMime from "postal-mime";
import type { CaughtMessage } from "./mailbox";

/**
 * A real SMTP server for development and tests: every message it accepts is parsed
 * and written as JSON into `folder`, where the dev mailbox page and the tests read it.
 */
export async function startMailCatcher(options: { port: number; folder: string; host?: string }) {
  mkdirSync(options.folder, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 5 * 1024 * 1024,
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

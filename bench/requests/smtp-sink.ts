/**
 * The bench's SMTP sink, in its own process so that receiving mail never competes with the
 * code that measures (mail-sink.ts starts it). A real SMTP server that accepts every message,
 * discards its content and remembers when it accepted each recipient (epoch ms, at the end of
 * DATA, the moment the sender is told "250 queued"). The parent asks over IPC for what it has.
 * Usage: node --import tsx bench/requests/smtp-sink.ts <port>
 */
import { SMTPServer } from "smtp-server";

const port = Number(process.argv[2]);
const accepted: Array<[string, number]> = [];

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  size: 5 * 1024 * 1024,
  onData(stream, session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      const now = Date.now();
      for (const recipient of session.envelope.rcptTo) accepted.push([recipient.address.toLowerCase(), now]);
      callback(null, "Queued");
    });
  },
});

process.on("message", (message: { type: "accepted"; prefix: string }) => {
  if (message.type === "accepted") {
    process.send!({ type: "accepted", accepted: accepted.filter(([recipient]) => recipient.startsWith(message.prefix)) });
  }
});

server.listen(port, "127.0.0.1", () => process.send!({ type: "listening" }));
server.on("error", (error) => {
  console.error(`SMTP sink: ${error.message}`);
  process.exit(1);
});

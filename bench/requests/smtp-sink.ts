/**
 * The bench's SMTP sink, in its own process so that receiving mail never competes with the
 * code that measures (mail-sink.ts starts it). A minimal SMTP server on node:net that accepts
 * every message, discards its content and remembers when it accepted each recipient (epoch
 * ms, at the end of DATA, the moment the sender is told "250"). The parent asks over IPC.
 *
 * Not smtp-server: it waits 100 ms before every greeting (its "early talker" check), which
 * would add 100 ms to each message of a sender that connects per message, as stock Auth.js does.
 * Usage: node --import tsx bench/requests/smtp-sink.ts <port>
 */
import net from "node:net";

const port = Number(process.argv[2]);
const accepted: Array<[string, number]> = [];
const END_OF_DATA = "\r\n.\r\n";

function session(socket: net.Socket): void {
  let buffer = "";
  let inData = false;
  let recipients: string[] = [];
  const reply = (line: string) => socket.write(`${line}\r\n`);
  socket.setNoDelay(true);
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    for (;;) {
      if (inData) {
        const end = buffer.indexOf(END_OF_DATA);
        if (end < 0) {
          // Keep only what could still be the start of the terminator.
          buffer = buffer.slice(-(END_OF_DATA.length - 1));
          return;
        }
        buffer = buffer.slice(end + END_OF_DATA.length);
        inData = false;
        const now = Date.now();
        for (const recipient of recipients) accepted.push([recipient, now]);
        recipients = [];
        reply("250 2.0.0 Queued");
        continue;
      }
      const lineEnd = buffer.indexOf("\r\n");
      if (lineEnd < 0) return;
      const line = buffer.slice(0, lineEnd);
      buffer = buffer.slice(lineEnd + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO") reply("250-bench-sink\r\n250 8BITMIME");
      else if (verb === "HELO") reply("250 bench-sink");
      else if (verb === "MAIL") {
        recipients = [];
        reply("250 2.1.0 OK");
      } else if (verb === "RCPT") {
        const match = /<([^>]*)>/.exec(line);
        if (match) recipients.push(match[1].toLowerCase());
        reply("250 2.1.5 OK");
      } else if (verb === "DATA") {
        inData = true;
        reply("354 End data with <CR><LF>.<CR><LF>");
        // The DATA line's own CRLF starts the body, so an empty body's ".\r\n" ends it too.
        buffer = `\r\n${buffer}`;
      } else if (verb === "RSET") {
        recipients = [];
        reply("250 2.0.0 OK");
      } else if (verb === "NOOP") reply("250 2.0.0 OK");
      else if (verb === "QUIT") {
        reply("221 2.0.0 Bye");
        socket.end();
        return;
      } else reply("502 5.5.2 Command not implemented");
    }
  });
  reply("220 bench-sink ESMTP");
}

process.on("message", (message: { type: "accepted"; prefix: string }) => {
  if (message.type === "accepted") {
    process.send!({ type: "accepted", accepted: accepted.filter(([recipient]) => recipient.startsWith(message.prefix)) });
  }
});

const server = net.createServer(session);
server.on("error", (error) => {
  console.error(`SMTP sink: ${error.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => process.send!({ type: "listening" }));

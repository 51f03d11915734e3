/**
 * The HTTP server `npm run dev` runs Next.js in: a convenience, not a dependency. It chooses
 * the interface to listen on (HOST). What a request needs from the socket (peer address,
 * method, an outage's 503) the app stamps itself under any server (lib/request/stamp-requests.ts),
 * so `npm start` (the standalone server) and `next start` serve the same product.
 * Usage: node scripts/server.mjs dev|start <port> [host]   (no host: every interface)
 */
import { createServer } from "node:http";
import next from "next";

const [mode = "dev", portArgument = "3000", host = ""] = process.argv.slice(2);
const port = Number(portArgument);
const app = next({ dev: mode === "dev", hostname: "127.0.0.1", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => void handle(request, response));
server.keepAliveTimeout = 65_000;
server.listen(port, host || undefined, () => {
  const where = host ? `listening on ${host}` : "listening on every interface";
  console.log(`Ready on http://localhost:${port} (${mode === "dev" ? "development" : "production"}, ${where})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    void app.close?.();
    process.exit(0);
  });
}

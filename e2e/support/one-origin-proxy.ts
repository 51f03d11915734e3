import http from "node:http";

/**
 * A small reverse proxy standing in for a load balancer: one origin in front of several app
 * instances. A request goes to the instance its `X-Route-To` header names (the proxy strips
 * it), so a test decides where each browser's requests land; without one, to the first.
 * Like any proxy it appends the address it saw to X-Forwarded-For (the instances trust
 * loopback), and it tells the test who answered in an `X-Served-By` response header.
 * `localAddress` picks the loopback address it connects to the instances from, so a spec can
 * trust the proxy without trusting the test's own address.
 */
export async function startOneOriginProxy(port: number, upstreams: Record<string, number>, options: { localAddress?: string } = {}) {
  const names = Object.keys(upstreams);
  const server = http.createServer((request, response) => {
    const wanted = String(request.headers["x-route-to"] ?? "").toLowerCase();
    const name = wanted in upstreams ? wanted : names[0];
    const headers = { ...request.headers };
    delete headers["x-route-to"];
    headers["x-forwarded-for"] = [request.headers["x-forwarded-for"], request.socket.remoteAddress].filter(Boolean).join(", ");
    const upstream = http.request(
      { host: "127.0.0.1", port: upstreams[name], method: request.method, path: request.url, headers, localAddress: options.localAddress },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-served-by": name });
        answer.pipe(response);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

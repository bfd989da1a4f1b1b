// A loopback HTTP proxy that adds a fixed latency to every request, standing in for the network
// between integr and a platform (the fakes themselves answer at once).
import { createServer, request as httpRequest } from 'node:http';

export async function startLatencyProxy(targetUrl, latencyMs) {
  const target = new URL(targetUrl);
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        up.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        up.end(Buffer.concat(chunks));
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

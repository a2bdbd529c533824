import { createServer, type Server } from 'node:http';

/**
 * A stand-in SMS gateway for the browser journeys: the server is started with FENGQIAO_SMS_PROVIDER=http
 * pointing here, so a journey can read what was texted (e.g. a one-time signing link) from GET /messages.
 */
export async function startSmsSink(): Promise<{ url: string; stop: () => Promise<void> }> {
  const messages: { phone: string; text: string; at: string }[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/messages') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(messages));
      return;
    }
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      try {
        const m = JSON.parse(body) as { phone: string; text: string };
        messages.push({ phone: m.phone, text: m.text, at: new Date().toISOString() });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      } catch {
        res.writeHead(400);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A hostile web page, as an attacker would serve it: from its own server on another 127.0.0.1
 * port, opened in the same browser as the inspector. What it does is the HTML the test gives it;
 * it reports back by posting to its own server, the one origin it can read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running hostile page server. */
export interface HostilePage {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Serves `html` at `path` (replacing what was there). */
  serve(path: string, html: string): void;
  /** What the page posted to `/report`, in order. */
  readonly reports: string[];
  close(): Promise<void>;
}

/** Starts a hostile page server on a free port. */
export async function startHostilePage(): Promise<HostilePage> {
  const pages = new Map<string, string>();
  const reports: string[] = [];
  // Room for the cookie jars the tests fill (the default limit would refuse its own pages).
  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    if (req.method === 'POST' && req.url === '/report') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        reports.push(body);
        res.end('ok');
      });
      return;
    }
    const html = pages.get(req.url ?? '/');
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (path, html) => void pages.set(path, html),
    reports,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * Script that sends each request in every way a page can without reading the answer: a form
 * posted into a hidden frame, `fetch` in `no-cors` mode, and `navigator.sendBeacon`. Each request
 * is `[url, fields]`; the script reports `done` once all have been sent (or refused).
 */
export function blindRequestsScript(requests: readonly (readonly [string, Readonly<Record<string, string>>])[]): string {
  return `<!doctype html><html><body><script>
const requests = ${JSON.stringify(requests)};
const settled = [];
for (const [url, fields] of requests) {
  const body = new URLSearchParams(fields).toString();
  settled.push(fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).catch(() => undefined));
  try { navigator.sendBeacon(url, new Blob([body], { type: 'application/x-www-form-urlencoded' })); } catch {}
  const frame = document.createElement('iframe');
  frame.name = 'f' + settled.length;
  document.body.appendChild(frame);
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = url;
  form.target = frame.name;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}
Promise.all(settled).then(() => setTimeout(() => fetch('/report', { method: 'POST', body: 'done' }), 1500));
</script></body></html>`;
}

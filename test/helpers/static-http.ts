/**
 * A small real HTTP server on 127.0.0.1 for client tests: each request is answered by `route`
 * (status, body, headers), and every request URL is recorded. Not the misbehaving FDSN server of
 * test/helpers/fdsn-server.ts: this one answers exactly what the test tells it to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticAnswer {
  status: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface StaticServer {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startStaticServer(route: (url: URL) => StaticAnswer): Promise<StaticServer> {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    let answer: StaticAnswer;
    try {
      answer = route(url);
    } catch (err) {
      answer = { status: 500, body: String(err) };
    }
    const body = answer.body === undefined ? undefined : typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.from(answer.body);
    res.writeHead(answer.status, { ...(body ? { 'content-length': String(body.length) } : {}), ...answer.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

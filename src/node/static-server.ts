import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a built site on 127.0.0.1 at a free port (sirv: a small, well-kept static handler vite itself uses). */
export async function serveDir(dir: string, prefix = '/'): Promise<StaticServer> {
  const handler = sirv(dir, { dev: true, etag: false });
  const server: Server = createServer((req, res) => {
    if (prefix !== '/' && req.url?.startsWith(prefix)) req.url = '/' + req.url.slice(prefix.length);
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

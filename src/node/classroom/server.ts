// Over 250 lines: one server — connection limits, rate buckets and the room's state are bound to the same sockets.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  LIVE_PATH,
  MAX_MESSAGE_BYTES,
  parseClientMessage,
  RATE_LIMIT,
  TEACHER_RATE_LIMIT,
  type ClassroomConfig,
  type ClientMessage,
  type Role,
  type ServerMessage,
} from '../../shared/classroom-protocol.ts';
import { GuessLimit } from './guess-limit.ts';
import { Room } from './room.ts';
import { newSecrets, sameCode, sameSecret, type Secrets } from './secrets.ts';
import { classroomPage, forbiddenPage, loadSite, type Site } from './site.ts';

export interface ClassroomOptions {
  /** A built deck (npm run build). */
  siteDir: string;
  /** Address to listen on; default 127.0.0.1 (this machine only). "0.0.0.0" = every network. */
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Fixed secrets (tests restarting a server on the same URLs); default: new random ones. */
  secrets?: Secrets;
  /** Where the server reports refused messages and the like (default: stderr). */
  log?: (line: string) => void;
}

export interface Classroom {
  teacherUrl: string;
  studentUrl: string;
  port: number;
  /** The students' URL as a QR code for a terminal. */
  terminalQr: string;
  /** Current numbers (for tests and the load script). */
  stats(): { students: number; teachers: number };
  /** Graceful stop: closes every connection (code 1001) and the listener. */
  close(): Promise<void>;
  /** Abrupt stop, as if the process was killed: sockets are destroyed without a closing handshake. */
  kill(): Promise<void>;
}

/** Connections kept at once (a lecture hall is a few hundred): bounds memory under a flood. */
const MAX_CONNECTIONS = 2000;
/** A page must say hello within this time, or it is closed. */
const HELLO_TIMEOUT_MS = 10_000;
/** Dead connections (Wi-Fi gone without a FIN) are found by ping and dropped from the count. */
const PING_EVERY_MS = 15_000;
/** A connection that keeps flooding after its bucket is empty is closed. */
const MAX_DROPPED = 200;
/** Answers reach the teacher batched: 300 students answering at once make a few tally messages, not 300. */
const TALLY_FLUSH_MS = 100;

interface Conn {
  n: number;
  ws: WebSocket;
  role?: Role;
  id?: string;
  tokens: number;
  refilledAt: number;
  dropped: number;
  alive: boolean;
  warned: boolean;
}

/** Non-internal IPv4 addresses of this machine (what students' devices can reach). */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

const hostPart = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/**
 * The live classroom: one HTTP server for the built deck (teacher and students open the same page,
 * under the join code) and a WebSocket endpoint beside it (`/<code>/live`) relaying the teacher's
 * slide to the students and the students' quiz answers to the teacher.
 */
export async function startClassroom(options: ClassroomOptions): Promise<Classroom> {
  const site: Site = loadSite(options.siteDir);
  const secrets = options.secrets ?? newSecrets();
  const log = options.log ?? ((line: string) => process.stderr.write(`classroom: ${line}\n`));
  const bindHost = options.host ?? '127.0.0.1';
  const room = new Room(site.slides);
  const guesses = new GuessLimit();
  const conns = new Set<Conn>();
  let nextConn = 1;

  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  // The address students type: the one asked for, or (every network) this machine's LAN address.
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const lan = lanAddresses();
  const publicHost = wildcard ? (lan[0] ?? '127.0.0.1') : bindHost;
  const base = `http://${hostPart(publicHost)}:${port}`;
  const studentUrl = `${base}/${secrets.code}/`;
  const teacherUrl = `${studentUrl}#teacher=${secrets.token}`;
  // Host headers this server answers to. Anything else (a DNS-rebinding name pointing at this
  // machine) is refused, so another site's page can never read the deck or open the socket.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  const allowedHosts = new Set(
    [...(wildcard ? [...lan, ...loopback] : [hostPart(bindHost), ...(loopback.includes(bindHost) ? loopback : [])])].map((h) => `${h}:${port}`),
  );

  const config: ClassroomConfig = {
    joinUrl: studentUrl,
    code: secrets.code,
    qrSvg: await QRCode.toString(studentUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
  };
  const terminalQr = await QRCode.toString(studentUrl, { type: 'terminal', small: true });
  const pages = new Map<string, { body: Buffer; gzip: Buffer }>();
  const pageFor = (host: string) => {
    let page = pages.get(host);
    if (!page) {
      const body = Buffer.from(classroomPage(site.index, config, host));
      page = { body, gzip: gzipSync(body) };
      pages.set(host, page);
    }
    return page;
  };

  // HTTP.
  const send = (req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer, gzip?: Buffer, cache = 'no-store'): void => {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', cache);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Vary', 'Accept-Encoding');
    const useGzip = gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (useGzip) res.setHeader('Content-Encoding', 'gzip');
    const payload = useGzip ? gzip : body;
    res.setHeader('Content-Length', payload.length);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };
  const text = (req: IncomingMessage, res: ServerResponse, status: number, message: string): void =>
    send(req, res, status, 'text/plain; charset=utf-8', Buffer.from(message + '\n'));
  const forbidden = Buffer.from(forbiddenPage());

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const host = String(req.headers.host ?? '');
    if (!allowedHosts.has(host)) return text(req, res, 403, 'unknown host name: open the address the classroom printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return text(req, res, 405, 'method not allowed');
    }
    let segments: string[];
    try {
      // The URL parser resolves "." and ".." (also percent-encoded ones) before we look.
      segments = new URL(req.url ?? '/', 'http://x').pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return text(req, res, 404, 'not found');
    }
    const [first = '', ...rest] = segments;
    const refuse = (): void => {
      // The page has no script; its one inline style is all it may use.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
      send(req, res, 403, 'text/html; charset=utf-8', forbidden);
    };
    if (first === '') return refuse();
    if (!/^[A-Za-z0-9]{4,16}$/.test(first)) return text(req, res, 404, 'not found');
    if (guesses.locked()) {
      res.setHeader('Retry-After', '60');
      return text(req, res, 429, 'too many wrong join codes were tried: wait a minute and try again');
    }
    if (!sameCode(first, secrets.code)) {
      guesses.failed();
      return refuse();
    }
    if (rest.length === 0) {
      // "/CODE" → "/CODE/": the page's relative asset URLs need the folder form.
      res.statusCode = 302;
      res.setHeader('Location', `/${secrets.code}/`);
      return res.end();
    }
    const rel = rest.join('/');
    if (rel === '' || rel === 'index.html') {
      const page = pageFor(host);
      return send(req, res, 200, 'text/html; charset=utf-8', page.body, page.gzip);
    }
    if (rest.some((s) => s === '' || s.includes('\\') || s.includes('\0'))) return text(req, res, 404, 'not found');
    const file = site.files.get(rel);
    if (!file) return text(req, res, 404, 'not found');
    // Built assets carry a content hash in their name: a lecture hall reloading costs nothing.
    send(req, res, 200, file.type, file.body, file.gzip, rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });

  // WebSocket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  const refuse = (socket: Socket, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const host = String(req.headers.host ?? '');
    const origin = String(req.headers.origin ?? '');
    let path = '';
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      // Falls through to 404.
    }
    const [, code = '', endpoint = '', ...more] = path.split('/');
    if (endpoint !== LIVE_PATH || more.length > 0 || !/^[A-Za-z0-9]{4,16}$/.test(code)) return refuse(socket, '404 Not Found');
    if (guesses.locked()) return refuse(socket, '429 Too Many Requests');
    if (!sameCode(code, secrets.code)) {
      guesses.failed();
      return refuse(socket, '403 Forbidden');
    }
    // Only our own page may open the socket: same host it was served from, and a known host.
    if (!allowedHosts.has(host) || origin !== `http://${host}`) {
      log(`refused a WebSocket from another origin (${origin ? 'origin given' : 'no origin'})`);
      return refuse(socket, '403 Forbidden');
    }
    if (conns.size >= MAX_CONNECTIONS) return refuse(socket, '503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  const json = (m: ServerMessage): string => JSON.stringify(m);
  const sendTo = (c: Conn, data: string | Buffer): void => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(data, { binary: false });
  };
  const toAll = (m: ServerMessage): void => {
    // Serialised and encoded once for the whole hall (a text frame all the same).
    const data = Buffer.from(json(m));
    for (const c of conns) if (c.role) sendTo(c, data);
  };
  const toTeachers = (m: ServerMessage): void => {
    const data = json(m);
    for (const c of conns) if (c.role === 'teacher') sendTo(c, data);
  };
  const studentCount = (): number => {
    // A page that reconnects before its old socket timed out counts once.
    const ids = new Set<string>();
    for (const c of conns) if (c.role === 'student' && c.id) ids.add(c.id);
    return ids.size;
  };
  let presenceTimer: NodeJS.Timeout | undefined;
  const presence = (): void => {
    presenceTimer ??= setTimeout(() => {
      presenceTimer = undefined;
      toTeachers({ type: 'presence', students: studentCount() });
    }, TALLY_FLUSH_MS);
  };
  const dirty = new Set<number>();
  let tallyTimer: NodeJS.Timeout | undefined;
  const tallyChanged = (h: number): void => {
    dirty.add(h);
    tallyTimer ??= setTimeout(() => {
      tallyTimer = undefined;
      for (const d of dirty) toTeachers({ type: 'tally', tally: room.tally(d) });
      dirty.clear();
    }, TALLY_FLUSH_MS);
  };

  /** Token bucket: false when this message is over the connection's rate. */
  const withinRate = (c: Conn): boolean => {
    const now = performance.now();
    const limit = c.role === 'teacher' ? TEACHER_RATE_LIMIT : RATE_LIMIT;
    c.tokens = Math.min(limit.burst, c.tokens + ((now - c.refilledAt) / 1000) * limit.perSecond);
    c.refilledAt = now;
    if (c.tokens < 1) return false;
    c.tokens -= 1;
    return true;
  };

  const handle = (c: Conn, m: ClientMessage): void => {
    if (m.type === 'hello') {
      if (c.role) return;
      if (m.role === 'teacher') {
        if (!sameSecret(m.token, secrets.token)) {
          log(`connection #${c.n}: wrong teacher token, closed`);
          sendTo(c, json({ type: 'denied' }));
          c.ws.close(4003, 'wrong token');
          return;
        }
        c.role = 'teacher';
      } else {
        c.role = 'student';
        c.id = m.id;
        presence();
      }
      sendTo(
        c,
        json({
          type: 'welcome',
          role: c.role,
          live: room.live,
          revealed: [...room.revealed],
          students: studentCount(),
          tallies: c.role === 'teacher' ? room.tallies() : [],
        }),
      );
      return;
    }
    if (!c.role) return;
    if (m.type === 'go' || m.type === 'reveal') {
      if (c.role !== 'teacher') {
        // Logged once per connection: a misbehaving page must not flood the teacher's terminal.
        if (!c.warned) log(`connection #${c.n}: a student page sent "${m.type}", which only the teacher may send; ignored`);
        c.warned = true;
        return;
      }
      if (m.type === 'go' && room.go(m)) toAll({ type: 'live', h: m.h, f: m.f });
      else if (m.type === 'reveal' && room.reveal(m.h)) toAll({ type: 'reveal', h: m.h });
      return;
    }
    if (m.type === 'answer' && c.role === 'student' && c.id) {
      if (room.answer(m.h, c.id, m.selected)) tallyChanged(m.h);
    }
  };

  const accept = (ws: WebSocket): void => {
    const c: Conn = { n: nextConn++, ws, tokens: RATE_LIMIT.burst, refilledAt: performance.now(), dropped: 0, alive: true, warned: false };
    conns.add(c);
    const helloTimer = setTimeout(() => {
      if (!c.role) ws.close(4008, 'no hello');
    }, HELLO_TIMEOUT_MS);
    ws.on('pong', () => (c.alive = true));
    ws.on('message', (data, isBinary) => {
      if (!withinRate(c)) {
        if (++c.dropped > MAX_DROPPED) {
          log(`connection #${c.n}: too many messages, closed`);
          ws.close(1008, 'rate limit');
        }
        return;
      }
      if (isBinary) return;
      const m = parseClientMessage(data.toString());
      // Bad JSON or an unknown type: dropped, the connection stays.
      if (m) handle(c, m);
    });
    ws.on('error', () => {
      // Oversized frame (ws closes with 1009) or a broken socket: 'close' follows.
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      conns.delete(c);
      if (c.role === 'student') presence();
    });
  };

  const pinger = setInterval(() => {
    for (const c of conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, PING_EVERY_MS);
  pinger.unref();

  const stop = async (abrupt: boolean): Promise<void> => {
    clearInterval(pinger);
    clearTimeout(tallyTimer);
    clearTimeout(presenceTimer);
    for (const c of conns) {
      if (abrupt) c.ws.terminate();
      else c.ws.close(1001, 'server stopping');
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (abrupt) for (const s of sockets) s.destroy();
    else server.closeIdleConnections();
    // Sockets still open after a moment (a client that never answers the close) are cut.
    const cut = setTimeout(() => {
      for (const s of sockets) s.destroy();
    }, 1000);
    await closed;
    clearTimeout(cut);
  };

  return {
    teacherUrl,
    studentUrl,
    port,
    terminalQr,
    stats: () => {
      let teachers = 0;
      for (const c of conns) if (c.role === 'teacher') teachers++;
      return { students: studentCount(), teachers };
    },
    close: () => stop(false),
    kill: () => stop(true),
  };
}

import { LIVE_PATH, parseServerMessage, type ClientMessage, type ServerMessage } from '../../shared/classroom-protocol.ts';

export type LinkStatus = 'connecting' | 'open' | 'offline';

export interface LiveLink {
  /** Sends now if connected; false otherwise (callers re-send what matters after the next welcome). */
  send(m: ClientMessage): boolean;
  readonly status: LinkStatus;
  /** Closes for good (no reconnect). */
  stop(): void;
}

/** Waits before reconnecting: 0.5 s doubling to 8 s, with jitter so a hall does not reconnect in step. */
const backoff = (attempt: number): number => Math.min(8000, 500 * 2 ** attempt) * (1 + Math.random() * 0.3);

/**
 * One WebSocket to the classroom server, kept open: after Wi-Fi drops or a server restart it
 * reconnects by itself (backoff, and at once when the device comes back online or the tab becomes
 * visible again) and says hello again, so the server's welcome brings the page up to date.
 */
export function openLiveLink(opts: {
  hello: () => ClientMessage;
  onMessage: (m: ServerMessage) => void;
  onStatus: (s: LinkStatus) => void;
}): LiveLink {
  const url = new URL(LIVE_PATH, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  let ws: WebSocket | undefined;
  let status: LinkStatus = 'connecting';
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const setStatus = (s: LinkStatus): void => {
    if (s === status) return;
    status = s;
    opts.onStatus(s);
  };
  const connect = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const socket = new WebSocket(url);
    ws = socket;
    socket.addEventListener('open', () => {
      attempt = 0;
      socket.send(JSON.stringify(opts.hello()));
      setStatus('open');
    });
    socket.addEventListener('message', (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      const m = parseServerMessage(e.data);
      if (m) opts.onMessage(m);
    });
    socket.addEventListener('close', () => {
      if (ws !== socket) return;
      ws = undefined;
      setStatus('offline');
      if (stopped) return;
      timer = setTimeout(connect, backoff(attempt++));
    });
    // 'error' is always followed by 'close', which schedules the retry.
  };
  const retryNow = (): void => {
    if (!ws && timer !== undefined && !stopped) connect();
  };
  addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retryNow();
  });
  connect();
  opts.onStatus(status);
  return {
    send(m) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(m));
      return true;
    },
    get status() {
      return status;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}

/** A random id for this page's answers (no name; sessionStorage keeps it across reloads of the tab). */
export function studentId(code: string): string {
  const key = `lecture-deck:classroom-id:${code}`;
  try {
    const known = sessionStorage.getItem(key);
    if (known) return known;
  } catch {
    // No storage: a fresh id per page load.
  }
  // getRandomValues, not randomUUID: a LAN address over http is not a secure context.
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(key, id);
  } catch {
    // As above.
  }
  return id;
}

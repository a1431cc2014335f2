import type { Readable, Writable } from 'node:stream';

/**
 * The DevTools protocol over Chromium's `--remote-debugging-pipe`, without playwright-core: JSON
 * messages ended by a NUL byte, commands to its file descriptor 3, replies and events from 4.
 * Why: `npm run pdf` needs a dozen commands (print-page.ts); loading playwright-core for them cost
 * ~0.3 s of CPU (two bundles of 3.5 MB, and Node's fetch they pull in), and its connection set up
 * every domain of every target (more round trips, more work in Chromium), all while the site
 * builds and Chromium starts on the same two cores. Sessions are flat (`sessionId` on each message).
 */
export class CdpConnection {
  private next = 1;
  private readonly calls = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Set<(method: string, params: Record<string, unknown>, sessionId?: string) => void>();
  private closed: Error | undefined;

  constructor(private readonly write: Writable, read: Readable) {
    const pending: Buffer[] = [];
    read.on('data', (chunk: Buffer) => {
      let start = 0;
      let end: number;
      while ((end = chunk.indexOf(0, start)) !== -1) {
        pending.push(chunk.subarray(start, end));
        const message = JSON.parse(Buffer.concat(pending).toString()) as Message;
        pending.length = 0;
        start = end + 1;
        this.dispatch(message);
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    });
    // Chromium gone: its pipes close (with an error the close reports).
    read.on('close', () => this.close(new ConnectionClosed('Chromium closed the DevTools connection')));
    read.on('error', () => undefined);
    write.on('error', () => undefined);
  }

  /** Sends a command (to a page's session with `sessionId`) and resolves with its result. */
  send<R = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<R> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.next++;
    this.write.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise<R>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (r: Record<string, unknown>) => void, reject, method });
    });
  }

  /** Every event, until the returned function is called. */
  on(listener: (method: string, params: Record<string, unknown>, sessionId?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined) {
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      if (m.error) call.reject(new Error(`${call.method}: ${m.error.message}${m.error.data ? ` (${m.error.data})` : ''}`));
      else call.resolve(m.result ?? {});
      return;
    }
    if (m.method) for (const l of [...this.listeners]) l(m.method, m.params ?? {}, m.sessionId);
  }

  private close(e: Error): void {
    if (this.closed) return;
    this.closed = e;
    for (const call of this.calls.values()) call.reject(e);
    this.calls.clear();
  }
}

/** What every pending and later command fails with once Chromium has gone (crashed, killed). */
export class ConnectionClosed extends Error {
  override name = 'ConnectionClosed';
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string; data?: string };
  sessionId?: string;
}

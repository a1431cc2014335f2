import type { RevealApi, RevealPlugin } from 'reveal.js';
import { describe, expect, it } from 'vitest';
import { inTasks, nextTask } from '../../src/client/start-up.ts';

/*
 * The deck's start-up in short tasks (src/client/start-up.ts): reveal.js waits for a promise that a
 * plugin's init() returns, so each wrapped init runs after the task that started it has ended (after
 * every microtask queued before it), in order, with its plugin as `this`.
 */

const reveal = {} as RevealApi;

/** Queues `n` chained microtasks that each record themselves. */
function microtasks(log: string[], n: number): void {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++) p = p.then(() => void log.push(`micro${i}`));
}

describe('start-up in tasks', () => {
  it('nextTask resolves only after the microtasks queued before and after it', async () => {
    const log: string[] = [];
    const done = nextTask().then(() => void log.push('task'));
    microtasks(log, 50);
    await done;
    expect(log.at(-1)).toBe('task');
    expect(log).toHaveLength(51);
  });

  it('runs each init in a later task, in order, with its plugin as this and its promise awaited', async () => {
    const log: string[] = [];
    let resolved = false;
    const shared: RevealPlugin & { name: string } = {
      id: 'shared',
      name: 'shared object',
      init(this: { name: string }) {
        log.push(`init ${this.name}`);
        return new Promise<void>((r) => setTimeout(() => ((resolved = true), r()), 5));
      },
    };
    const made = (): RevealPlugin => ({ id: 'made', init: () => void log.push('init made') });
    const plain: RevealPlugin = { id: 'plain' };
    const [a, b, c, ...rest] = inTasks([shared, made, plain]);
    expect(rest).toEqual([]);
    // With `beforeFrame`: one more, last, that waits for a rendered frame before reveal.js starts.
    expect(inTasks([made, plain], () => undefined).map((p) => p.id)).toEqual(['made', 'plain', 'start-up-frame']);
    // A plugin object shared between pages (not made by a factory) keeps its own init.
    expect(shared.init).not.toBe(a!.init);
    expect(a!.id).toBe('shared');
    expect((a as typeof shared).name).toBe('shared object');
    expect(b!.id).toBe('made');
    // Nothing to wrap: the same object.
    expect(c).toBe(plain);

    const first = a!.init!(reveal) as Promise<void>;
    microtasks(log, 20);
    expect(log).toEqual([]);
    await first;
    // reveal.js chains the next init on the promise: it runs once the first one's has resolved.
    expect(resolved).toBe(true);
    expect(log.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `micro${i}`));
    expect(log.at(-1)).toBe('init shared object');
    await b!.init!(reveal);
    expect(log.at(-1)).toBe('init made');
  });
});

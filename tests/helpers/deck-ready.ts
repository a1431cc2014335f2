import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { deckReadyFile } from './global-setup.ts';

/**
 * Setup file of the browser project (vitest.config.ts): a test file starts once the default deck
 * is built. The global setup builds it in the background while the unit files run
 * (global-setup.ts); a failed build fails every browser file with its message. Instant once the
 * marker exists (with `isolate: false` this runs before each file of a worker).
 */
const dist = inject('deckDist');
for (const until = Date.now() + 600_000; !existsSync(deckReadyFile(dist, 'done')); await sleep(50)) {
  if (existsSync(deckReadyFile(dist, 'failed'))) throw new Error(readFileSync(deckReadyFile(dist, 'failed'), 'utf8'));
  if (Date.now() > until) throw new Error(`gave up waiting for the default deck's build (${dist})`);
}

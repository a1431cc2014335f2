import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, LaunchOptions } from 'playwright-core';

/**
 * require(), not import: playwright-core is one 5 MB CommonJS file, and an ES import of it first
 * scans the whole file for its export names (Node's CJS lexer), ~150 ms of CPU per command here.
 */
const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');

/** Flags for Debian's Chromium in a sandboxed, offline machine (see README troubleshooting). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'];

export const INSTALL_HINT =
  'install Chromium: `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome/Chromium binary';

/** `$CHROMIUM_PATH`, else Debian's chromium, else a system Chrome; throws with install instructions. */
export function findChromium(): string {
  const env = process.env.CHROMIUM_PATH;
  if (env) {
    if (!existsSync(env)) throw new Error(`CHROMIUM_PATH points to ${env}, which does not exist\n    hint: ${INSTALL_HINT}`);
    return env;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium found (looked at ${CANDIDATES.join(', ')})\n    hint: ${INSTALL_HINT}`);
  return found;
}

export function launchOptions(extra: LaunchOptions = {}): LaunchOptions {
  return { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, ...extra };
}

export async function launchChromium(extra: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch(launchOptions(extra));
}

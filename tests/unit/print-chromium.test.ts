import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/node/chromium.ts';
import { HEADLESS_SHELL, printChromium } from '../../src/node/pdf/early-chromium.ts';

/* Which Chromium `npm run pdf` prints with (src/node/pdf/early-chromium.ts), without starting one. */

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('printChromium', () => {
  it('takes $CHROMIUM_PATH as it is, with no extra flag', () => {
    process.env.CHROMIUM_PATH = process.execPath;
    expect(printChromium()).toEqual({ executable: process.execPath, args: [] });
  });

  it('prefers the headless shell when installed, with slight hinting (full hinting moves Japanese line breaks)', () => {
    delete process.env.CHROMIUM_PATH;
    if (existsSync(HEADLESS_SHELL)) expect(printChromium()).toEqual({ executable: HEADLESS_SHELL, args: ['--font-render-hinting=slight'] });
    else expect(printChromium()).toEqual({ executable: findChromium(), args: [] });
  });

  it('gives the shell its hinting flag also when $CHROMIUM_PATH names it', () => {
    if (!existsSync(HEADLESS_SHELL)) return;
    process.env.CHROMIUM_PATH = HEADLESS_SHELL;
    expect(printChromium().args).toEqual(['--font-render-hinting=slight']);
  });

  it('fails with the install hint when $CHROMIUM_PATH names nothing', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(() => printChromium()).toThrow(/\/nonexistent\/chromium[\s\S]*apt-get install/);
  });
});

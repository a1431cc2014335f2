import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';
import { launchChromium, launchOptions } from '../../src/node/chromium.ts';
import { printChromium } from '../../src/node/pdf/early-chromium.ts';

/**
 * How the suite starts its browser: the Chromium the pdf command prints with (printChromium():
 * `$CHROMIUM_PATH` if set, else Debian's chromium-headless-shell with its hinting flag when
 * installed, else /usr/bin/chromium), so that the tests print and show exactly what the command
 * does. The shell costs the suite about a fifth less CPU than the full browser;
 * tests/suite-browser.test.ts checks that it prints and shows what /usr/bin/chromium does. A
 * missing Chromium throws with install instructions.
 */
export function suiteLaunchOptions(): LaunchOptions & { extraArgs: string[] } {
  const { executable, args: extraArgs } = printChromium();
  const base = launchOptions();
  return { ...base, executablePath: executable, args: [...(base.args ?? []), ...extraArgs], extraArgs };
}

export interface SuiteBrowser {
  browser: Browser;
  /**
   * The command line playwright-core started it with, less printChromium()'s own flags (the
   * shell's hinting): PLAYWRIGHT_ARGS and CHROMIUM_ARGS, for pdf-cli.test.ts. Throws if it could
   * not be read.
   */
  readonly args: string[];
}

let launched: Promise<SuiteBrowser> | undefined;

/**
 * The worker's one Chromium, launched on first use and kept for every test file the worker runs
 * (`isolate: false`); playwright-core ends it with the worker's process. One per worker, not one
 * per run shared over a WebSocket (chromium.launchServer in global setup, as before): there the
 * vitest main process relayed every protocol message between the workers and Chromium
 * (screenshots and PDFs too), about half of its CPU; a browser of its own talks to Chromium on a
 * pipe from the worker, in the same process as the test.
 */
export function suiteBrowser(): Promise<SuiteBrowser> {
  launched ??= (async () => {
    const { extraArgs, ...options } = suiteLaunchOptions();
    // The product's launcher (it loads playwright-core the cheap way); `options` are complete.
    const browser = await launchChromium(options);
    // Its command line, as Linux shows it (playwright-core's Browser does not expose its process):
    // the child of this process running that executable, read now (the moment with no other such
    // child). Only pdf-cli.test.ts reads it: if it cannot be told, that test fails, not every file.
    const ours = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .map((pid) => {
        try {
          const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[1];
          return parent === String(process.pid) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1) : undefined;
        } catch {
          return undefined; // ended meanwhile
        }
      })
      .filter((argv) => argv?.[0] === options.executablePath);
    const args = ours.length === 1 ? ours[0]!.slice(1).filter((a) => !extraArgs.includes(a)) : undefined;
    return {
      browser,
      get args() {
        if (!args) throw new Error(`expected one ${options.executablePath} started by this process, found ${ours.length}`);
        return args;
      },
    };
  })();
  return launched;
}

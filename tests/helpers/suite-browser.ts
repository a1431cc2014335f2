import type { LaunchOptions } from 'playwright-core';
import { launchOptions } from '../../src/node/chromium.ts';
import { printChromium } from '../../src/node/pdf/early-chromium.ts';

/**
 * How global-setup starts the run's one browser: the Chromium the pdf command prints with
 * (printChromium(): `$CHROMIUM_PATH` if set, else Debian's chromium-headless-shell with its
 * hinting flag when installed, else /usr/bin/chromium), so that the tests print and show exactly
 * what the command does. The shell costs the suite about a fifth less CPU than the full browser;
 * tests/suite-browser.test.ts checks that it prints and shows what /usr/bin/chromium does. A
 * missing Chromium throws with install instructions.
 */
export function suiteLaunchOptions(): LaunchOptions & { extraArgs: string[] } {
  const { executable, args: extraArgs } = printChromium();
  const base = launchOptions();
  return { ...base, executablePath: executable, args: [...(base.args ?? []), ...extraArgs], extraArgs };
}

import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';
import { launchOptions } from '../../src/node/chromium.ts';

/**
 * Debian's package `chromium-headless-shell`: the same Chromium version as /usr/bin/chromium,
 * built as the "old headless" shell (what Playwright itself runs for headless tests). No browser
 * UI to start or keep up: the suite costs about a quarter less CPU on it than on the full browser.
 */
export const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/**
 * The shell ignores fontconfig's hinting and hints glyphs fully by default, which rounds their
 * advances to whole pixels: lines broke elsewhere than in /usr/bin/chromium, on screen and in
 * PDFs (furigana spaced apart, notes wrapped one character early). Chromium reads Debian's
 * fontconfig, which says `hintslight` (/etc/fonts/conf.d/10-hinting-slight.conf); with the same
 * setting the shell's PDFs are the same, object for object, and its screenshots the same pixels
 * (tests/suite-browser.test.ts checks both). The full browser ignores this flag.
 */
export const SUITE_ARGS = ['--font-render-hinting=slight'];

/**
 * How global-setup starts the run's one browser: `$CHROMIUM_PATH` if set, else the headless shell
 * when it is installed, else the product's Chromium (findChromium(): slower, same results). A
 * missing Chromium throws with install instructions, as for the pdf command (which the suite also
 * runs for real).
 */
export function suiteLaunchOptions(): LaunchOptions {
  const product = launchOptions();
  const useShell = !process.env.CHROMIUM_PATH && existsSync(HEADLESS_SHELL);
  const args = product.args ?? [];
  return { ...product, executablePath: useShell ? HEADLESS_SHELL : product.executablePath, args: [...args, ...SUITE_ARGS.filter((a) => !args.includes(a))] };
}

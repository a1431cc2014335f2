import type { Browser } from 'playwright-core';
import { launchChromium } from '../chromium.ts';

/**
 * `npm run pdf` starts Chromium first thing (startChromium), so that it boots while Node loads the
 * exporter, pdf-lib and the compiler and builds the site; the exporter takes it (takeEarlyChromium).
 * The exporter leaves this Chromium running: the CLI ends the process as soon as the files are
 * written, and playwright's exit handler then kills Chromium and removes its profile at once,
 * instead of the graceful close (~0.1–0.3 s of a finished command here).
 */
let early: { browser: Promise<Browser> } | undefined;

/** Starts Chromium now, unless there is none (then the exporter reports it, before building). */
export function startChromium(): void {
  if (early) return;
  try {
    const browser = launchChromium();
    // A launch that fails is reported by the exporter when it takes it.
    browser.catch(() => undefined);
    early = { browser };
  } catch {
    // No Chromium found: exportPdfs says so, with the install hint.
  }
}

/** The Chromium startChromium() started, for the exporter to use (once and only once), or undefined. */
export function takeEarlyChromium(): Promise<Browser> | undefined {
  const e = early;
  early = undefined;
  return e?.browser;
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, LaunchOptions } from 'playwright-core';
import { PROJECT_ROOT } from '../vite/project-root.ts';
import { requireWithCodeCache } from './code-cache.ts';

type Playwright = typeof import('playwright-core');
let loaded: Playwright | undefined;

/**
 * playwright-core, loaded on first use: ~0.3 s of CPU (two bundles of 3.5 MB; ~0.2 s with their
 * compiled code cached, code-cache.ts), which `npm run pdf` spends while Chromium already starts
 * (early-chromium.ts needs only the functions below). require(), not import: an ES import of this
 * CommonJS package first scans the whole file for its export names (Node's CJS lexer), ~150 ms of
 * CPU more.
 */
export function playwright(): Playwright {
  return (loaded ??= requireWithCodeCache<Playwright>(path.join(PROJECT_ROOT, 'package.json'), 'playwright-core', /[\\/]playwright-core[\\/]lib[\\/]\w+Bundle\.js$/, path.join(PROJECT_ROOT, '.cache', 'v8')));
}

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
  return playwright().chromium.launch(launchOptions(extra));
}

/**
 * What playwright-core 1.65's `chromium.launch({ headless: true })` passes to Chromium before our
 * own CHROMIUM_ARGS (its chromiumSwitches and headless flags), for early-chromium.ts, which starts
 * Chromium without loading playwright-core. tests/pdf-cli.test.ts compares it with what
 * playwright-core really passes, so an upgrade that changes them fails there.
 */
export const PLAYWRIGHT_ARGS = [
  '--disable-field-trial-config',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--disable-component-update',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-edgeupdater',
  '--disable-extensions',
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch,msForceBrowserSignIn,msEdgeUpdateLaunchServicesPreferredVersion',
  '--enable-features=CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies',
  '--allow-pre-commit-input',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-updater-scheduler',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--disable-search-engine-choice-screen',
  '--unsafely-disable-devtools-self-xss-warnings',
  '--enable-unsafe-swiftshader',
  '--edge-skip-compat-layer-relaunch',
  '--disable-stack-profiler',
  '--disable-infobars',
  '--disable-sync',
  '--do-not-de-elevate',
  '--headless',
  '--hide-scrollbars',
  '--mute-audio',
  '--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4',
  '--no-sandbox',
];

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, LaunchOptions } from 'playwright-core';

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

/**
 * playwright-core's Chromium. Loaded here on first use, not imported at the top: the pdf command
 * imports this module for the flags and the path and drives Chromium without playwright-core
 * (early-chromium.ts, cdp.ts), which would cost it ~0.3 s of CPU to load.
 */
export async function launchChromium(extra: LaunchOptions = {}): Promise<Browser> {
  // require(), not import(): Node 20 imports a CommonJS package through its ES module loader,
  // which scans every file it requires for export names (~0.25 s more CPU for playwright-core).
  const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
  return chromium.launch(launchOptions(extra));
}

/**
 * What playwright-core 1.65's `chromium.launch({ headless: true })` passes to Chromium before our
 * own CHROMIUM_ARGS (its chromiumSwitches and headless flags), for early-chromium.ts, which starts
 * Chromium without loading playwright-core. tests/pdf-cli.test.ts compares it with what
 * playwright-core really passes, so an upgrade that changes them fails there.
 */
export const PLAYWRIGHT_ARGS: readonly string[] = [
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

/**
 * Flags for Debian's Chromium in a sandboxed, offline machine (see README troubleshooting). The
 * last two put the GPU process (software compositing only, under --disable-gpu) and the network
 * service into the browser process: two processes fewer and no messages between them, about a
 * fifth less CPU in Chromium's processes other than the renderers per page load (~400 → ~330 ms,
 * 4 interleaved pairs of 15 loads of the default deck); the same PDFs (text, boxes, fonts, pixels)
 * and screenshots. Chromium keeps only the last --enable-features, so this one repeats
 * playwright-core's list (PLAYWRIGHT_ARGS, above: declared first) with ours added.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--in-process-gpu',
  `${PLAYWRIGHT_ARGS.find((a) => a.startsWith('--enable-features='))!},NetworkServiceInProcess2`,
];

import { join } from 'node:path';
import { devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { PlaybackMeasurements } from '../../shared/playbackCheck/measurements.js';
import { ROOT } from './processes.js';

/**
 * The browser collector (viewer/src/check/) bundled on its own as a script that defines
 * `PlaybackCheck.runPlaybackCheck`, built with Vite as the web app is. The join page will import
 * the same module; until it exists, tests and the benchmark load this bundle in a bare page.
 */
export async function buildCheckBundle(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(ROOT, 'viewer/src/check/runPlaybackCheck.ts'), formats: ['iife'], name: 'PlaybackCheck', fileName: () => 'check.js' },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    const chunk = o.output.find((c) => c.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('the Vite build gave no chunk');
}

const HARNESS_PATH = '/__playback-check-harness__';

export interface CheckPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and CSP violations seen in the page. */
  problems: string[];
  /** Runs the whole check in the page with this session token, as the join page will. */
  run(token: string | null): Promise<PlaybackMeasurements>;
}

export interface CheckPageOptions {
  /** A Playwright device to emulate (viewport, pixel ratio, user agent, touch). */
  device?: 'Pixel 7' | 'iPhone 14';
  /** The page's clock at the start (ms since the epoch), read as it is installed; it flows from there in real time. */
  clockAt: () => number;
}

/**
 * Opens a page on the server's own origin that carries only the collector. The harness page and
 * its script are answered by Playwright (the server has no such page: the join page comes
 * later), with the server's own Content-Security-Policy; every other request — the probes, the
 * clips — goes to the real server.
 */
export async function openCheckPage(browser: Browser, serverUrl: string, bundle: string, options: CheckPageOptions): Promise<CheckPage> {
  const csp = (await fetch(`${serverUrl}/api/health`)).headers.get('content-security-policy');
  if (!csp) throw new Error('the server sent no Content-Security-Policy');
  const emulation = options.device ? { ...devices[options.device], defaultBrowserType: undefined } : { viewport: { width: 1280, height: 800 } };
  const context = await browser.newContext({ ...emulation, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  const headers = { 'content-security-policy': csp };
  await page.route(`${serverUrl}${HARNESS_PATH}/`, (route) =>
    route.fulfill({ contentType: 'text/html', headers, body: `<!doctype html><meta charset="utf-8"><title>playback check</title><script src="${HARNESS_PATH}/check.js"></script>` }),
  );
  await page.route(`${serverUrl}${HARNESS_PATH}/check.js`, (route) => route.fulfill({ contentType: 'text/javascript', headers, body: bundle }));
  // Installed on the loaded page, so the page's clock starts at `clockAt()` as it is read.
  await page.goto(`${serverUrl}${HARNESS_PATH}/`);
  await page.clock.install({ time: options.clockAt() });
  return {
    context,
    page,
    problems,
    run: (token) => page.evaluate(([baseUrl, t]) => (globalThis as any).PlaybackCheck.runPlaybackCheck({ baseUrl, token: t }), [serverUrl, token] as const),
  };
}

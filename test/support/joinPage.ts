import { chromium, devices, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, harnessFiles } from './browserViewer.js';
import type { TestServer } from './server.js';
import type { XDisplay } from './xvfb.js';

/**
 * The end user's browser for the join-page tests. Headed under Xvfb with Chromium's own picker
 * answered by `--auto-select-desktop-capture-source=Entire screen`: getDisplayMedia then shares
 * the whole X display, as a user who picks "Entire screen" would (see
 * /work/shared/notes/browser-screen-share.md). Small and in the corner, so most of the display
 * shows what the test draws.
 */
export async function launchUserChromium(x: XDisplay): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: false,
    env: { ...process.env, ...x.env },
    args: [...CHROMIUM_ARGS, '--auto-select-desktop-capture-source=Entire screen', '--window-position=0,0', '--window-size=600,700'],
  });
}

export interface JoinPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and CSP violations seen in the page. */
  problems: string[];
}

export interface JoinPageOptions {
  locale?: 'en-US' | 'ko-KR';
  /** A Playwright device to emulate (viewport, user agent, touch). */
  device?: 'Pixel 7';
  userAgent?: string;
  /** A window of its own size for a headed browser (Playwright's viewport otherwise). */
  viewport?: { width: number; height: number } | null;
  /** Runs on the page before it opens `/join` (e.g. a CDP override of the Client Hints). */
  beforeOpen?: (page: Page) => Promise<void>;
}

/** Opens `/join` on the server; the page's clock starts at the server's "now" and runs from there. */
export async function openJoinPage(browser: Browser, server: Pick<TestServer, 'url' | 'clock'>, options: JoinPageOptions = {}): Promise<JoinPage> {
  const emulation = options.device ? { ...devices[options.device], defaultBrowserType: undefined } : {};
  const context = await browser.newContext({
    ...emulation,
    locale: options.locale ?? 'en-US',
    timezoneId: 'Asia/Seoul',
    ...(options.viewport !== undefined ? { viewport: options.viewport } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  await context.clock.install({ time: server.clock.now() });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await options.beforeOpen?.(page);
  await page.goto(`${server.url}/join`);
  return { context, page, problems };
}

const EN = { code: 'The 9-digit code', next: 'Continue', name: 'Your name (as your signature)', accept: 'I consent', decline: 'Decline' };
const KO = { code: '9자리 번호', next: '계속', name: '이름(서명으로 기록됩니다)', accept: '동의합니다', decline: '거부' };
const words = (page: Page) => page.locator('html').getAttribute('lang').then((lang) => (lang === 'ko' ? KO : EN));

/** Types the code as the user does and waits for the consent (or the refusal). */
export async function typeCode(page: Page, code: string): Promise<void> {
  const w = await words(page);
  await page.getByLabel(w.code).fill(code);
  await page.getByRole('button', { name: w.next }).click();
}

/** Types a name and clicks the consent button, as the user does. */
export async function consent(page: Page, name = 'Lee Customer'): Promise<void> {
  const w = await words(page);
  await page.getByLabel(w.name).fill(name);
  await page.getByRole('button', { name: w.accept }).click();
}

/** The code and the consent, up to the running session's actions. */
export async function joinAndConsent(page: Page, code: string): Promise<void> {
  await typeCode(page, code);
  await consent(page);
  await page.getByRole('button', { name: /Check video playback|영상 재생 검사/ }).waitFor();
}

/** The X windows of Chromium's "… is sharing your screen." bar: one while a screen is shared, none after. */
export async function sharingBars(x: XDisplay): Promise<string[]> {
  const found = await x.exec('xdotool', ['search', '--onlyvisible', '--name', 'is sharing your screen']).catch((error: { code?: unknown }) => {
    // xdotool search exits 1 when it finds nothing; anything else is a real failure.
    if (error.code === 1) return '';
    throw error;
  });
  return found.trim().split('\n').filter(Boolean);
}

/**
 * Clicks Chromium's own "Stop sharing" button: the bar Chromium shows while a screen is shared is
 * an X window of its own ("… is sharing your screen."), the button at its right before "Hide".
 */
export async function clickStopSharingBar(x: XDisplay): Promise<void> {
  const [bar] = await sharingBars(x);
  if (!bar) throw new Error('Chromium shows no "is sharing your screen" bar');
  const geometry = Object.fromEntries((await x.exec('xdotool', ['getwindowgeometry', '--shell', bar])).trim().split('\n').map((line) => line.split('=') as [string, string]));
  const left = Number(geometry['X']) + Number(geometry['WIDTH']) - 112;
  const middle = Number(geometry['Y']) + Math.round(Number(geometry['HEIGHT']) / 2);
  await x.exec('xdotool', ['mousemove', String(left), String(middle), 'click', '1']);
}

/** The mean colour of a region of the engineer's video of the user's screen (in video pixels). */
export function sampleVideo(page: Page, region: { x: number; y: number; w: number; h: number }): Promise<{ r: number; g: number; b: number }> {
  return page.evaluate(({ x, y, w, h }) => {
    const document = (globalThis as any).document;
    const video = document.querySelector('[data-testid="remote-screen"]');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d');
    g.drawImage(video, 0, 0);
    const data: Uint8ClampedArray = g.getImageData(x, y, w, h).data;
    let r = 0, gr = 0, b = 0;
    for (let i = 0; i < data.length; i += 4) {
      r += data[i]!;
      gr += data[i + 1]!;
      b += data[i + 2]!;
    }
    const n = data.length / 4;
    return { r: Math.round(r / n), g: Math.round(gr / n), b: Math.round(b / n) };
  }, region);
}

/** The engineer's video element: its size and how many frames it decoded. */
export function videoState(page: Page): Promise<{ width: number; height: number; decoded: number }> {
  return page.evaluate(() => {
    const video = (globalThis as any).document.querySelector('[data-testid="remote-screen"]');
    if (!video) return { width: 0, height: 0, decoded: 0 };
    return { width: video.videoWidth, height: video.videoHeight, decoded: video.getVideoPlaybackQuality().totalVideoFrames };
  });
}

/** Resolves once the engineer's video has decoded its first frame of the user's screen (polled in the page every 10 ms). */
export async function firstFrame(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => ((globalThis as any).document.querySelector('[data-testid="remote-screen"]')?.getVideoPlaybackQuality().totalVideoFrames ?? 0) > 0, null, { polling: 10, timeout });
}

/**
 * A headless Chromium for the viewer harness served on the server's origin. Playwright answers
 * the harness's files itself (`route.fulfill`), so Chromium cannot tell the page came from
 * 127.0.0.1 and its Local Network Access checks refuse the page's WebSocket to 127.0.0.1
 * (`ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS`); this browser runs without those checks. Only the
 * harness runs in it; the engineer's real pages use `webBrowser()`.
 */
export async function launchHarnessChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
}

/**
 * The plain-JS viewer harness (test/support/viewerHarness.js) in a page on the server's own
 * origin (so the server's origin check passes as for the real viewer), answered by Playwright: an
 * engineer's peer whose data channel the test drives itself.
 */
export async function openHarnessOnServer(browser: Browser, serverUrl: string): Promise<Page> {
  const page = await browser.newPage();
  const files = harnessFiles();
  const html = files['/']![1].replace(/src="\//g, 'src="/__viewer-harness__/');
  await page.route(`${serverUrl}/__viewer-harness__/**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice('/__viewer-harness__'.length) || '/';
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
    const file = files[path];
    return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.fulfill({ status: 404 });
  });
  await page.goto(`${serverUrl}/__viewer-harness__/`);
  return page;
}

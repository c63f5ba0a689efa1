import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { VIEWER_DIST } from '../server/http/viewer.js';
import { consent, startAgent, type AgentProcess } from '../test/support/agentProcess.js';
import { launchChromium } from '../test/support/browserViewer.js';
import { startXvfb, type XDisplay } from '../test/support/xvfb.js';
import { CLICKS, installProbe, measureReceiving, MEASURE_SECONDS, type Receiving, sleep, startReferenceSender, untilFirstFrame, videoStats } from './receiving.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';

/**
 * The agent against the thinnest path this machine has, in the same run, at 1280×720 and
 * 1920×1080 (`npm run bench:agent`; needs Xvfb, ffmpeg/ffplay, xdotool, xev, Chromium and the
 * built web app, `npm run build:viewer`).
 * - agent: the real agent process, the real server, the engineer's real live page in Chromium
 *   (logged in, control taken with its button, clicks with the mouse on the picture);
 * - reference: bench/reference/sender.mjs (ffmpeg → RTCVideoSource → one RTCPeerConnection,
 *   pointer messages straight into xdotool) and bench/reference/page.html (one RTCPeerConnection
 *   whose receiver plays at once) — so the ratio is what the agent's own layers cost.
 * Both: consent (reference: start) → first frame; fps delivered and frames dropped while a video
 * plays on the shared screen; the sender's CPU with its ffmpeg; pointer move → X pointer moved;
 * click → cursor seen there (p50/p95). The load average is printed with every row: numbers
 * taken on a busy machine say little.
 */
const FPS = 30;
const PASSWORD = 'bench-password-1';

async function agentRun(browser: Browser, x: XDisplay) {
  const server = await benchServer({ RA_SUPPORTED_PLATFORMS: 'windows,linux' });
  const staff = await benchStaff(server.url);
  const { sessionId, code } = await openBenchSession(server.url, staff);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let agent: AgentProcess | null = null;
  try {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username').fill('bench-eng');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Main', exact: true }).waitFor();
    await page.goto(`${server.url}/sessions/${sessionId}`);
    await page.getByTestId('remote-screen').waitFor({ state: 'attached' });
    await installProbe(page);
    agent = startAgent(['--server', server.url, '--lang', 'en', code], x.env);
    await consent(agent);
    const firstFrameMs = await untilFirstFrame(page, performance.now());
    await sleep(3000); // the automatic diagnostics run right after consent
    await page.getByRole('button', { name: 'Take control' }).click();
    await page.getByTestId('control-state').getByText('You control').waitFor();
    const video = await videoStats(page);
    const measured = await measureReceiving(page, agent.child.pid!, x);
    return { firstFrameMs, video, ...measured, steps: qualitySteps(agent.logDir) };
  } finally {
    agent?.child.kill();
    await context.close();
    await server.dispose();
  }
}

/**
 * The quality steps the agent took, from its local log: on a busy machine its ladder steps down
 * (by design), which changes what is measured — the rows must say so.
 */
function qualitySteps(logDir: string): string {
  const log = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
  return [...log.matchAll(/sharing display .* as (\d+x\d+ @ \d+) fps \((\w+)\)/g)].map((m) => `${m[1]} fps (${m[2]})`).join(' → ');
}

async function referenceRun(browser: Browser, x: XDisplay, pageUrl: string, fps = FPS) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  let loaded: () => void = () => undefined;
  const pageReady = new Promise<void>((resolve) => (loaded = resolve));
  const toPage = (message: unknown) => pageReady.then(() => page.evaluate((m) => (globalThis as unknown as { reference: { signal(m: unknown): Promise<void> } }).reference.signal(m), message));
  const startedAt = performance.now();
  const sender = startReferenceSender(x, fps, (m) => void toPage(m));
  try {
    await page.exposeFunction('toSender', (m: unknown) => sender.stdin.write(`${JSON.stringify(m)}\n`));
    await page.goto(pageUrl);
    await installProbe(page);
    loaded();
    const firstFrameMs = await untilFirstFrame(page, startedAt);
    await sleep(1000);
    const video = await videoStats(page);
    return { firstFrameMs, video, ...(await measureReceiving(page, sender.pid!, x)) };
  } finally {
    sender.stdin.end();
    await page.close();
  }
}

/** Serves the reference page on 127.0.0.1 (WebRTC wants a secure context; loopback is one). */
async function servePage(): Promise<{ url: string; close(): void }> {
  const html = readFileSync(join(import.meta.dirname, 'reference', 'page.html'));
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

type Row = { firstFrameMs: number; video: { width: number; height: number }; steps?: string } & Receiving;
const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)} ms`);
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? '—' : `×${(a / b).toFixed(2)}`);
function describe(name: string, r: Row): string {
  return (
    `  ${name.padEnd(9)} ${r.video.width}×${r.video.height}: first frame ${ms(r.firstFrameMs)}, ${r.fps.toFixed(1)} fps delivered, ${r.dropped} dropped, ` +
    `CPU ${r.cpuPercent.toFixed(0)} % of a core (with ffmpeg), input → X p50 ${ms(r.inputP50)}, click → pixels p50 ${ms(r.clickP50)} p95 ${ms(r.clickP95)} (${r.clicksSeen}/${CLICKS}); ` +
    `load ${r.load.map((l) => l.toFixed(2)).join(' ')}${r.steps ? `; quality steps ${r.steps}` : ''}`
  );
}

if (!existsSync(join(VIEWER_DIST, 'index.html'))) throw new Error('The web app is not built: npm run build:viewer');
const referencePage = await servePage();
const browser = await launchChromium();
console.log(`agent and reference → Chromium over loopback WebRTC, ${FPS} fps asked, ${MEASURE_SECONDS} s with a video playing, ${CLICKS} clicks; load before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  const x = await startXvfb(width, height);
  try {
    const reference = await referenceRun(browser, x, referencePage.url);
    const agent = await agentRun(browser, x);
    console.log(`${width}×${height}:`);
    console.log(describe('reference', reference));
    console.log(describe('agent', agent));
    console.log(
      `  agent / reference: click p50 ${ratio(agent.clickP50, reference.clickP50)}, p95 ${ratio(agent.clickP95, reference.clickP95)}, CPU ${ratio(agent.cpuPercent, reference.cpuPercent)}, ` +
        `fps ${ratio(agent.fps, reference.fps)}, first frame ${ratio(agent.firstFrameMs, reference.firstFrameMs)}, input ${ratio(agent.inputP50, reference.inputP50)}`,
    );
    if (process.argv.includes('--rates')) {
      // What each frame rate of the ladder costs the reference (for the agent's CPU thresholds).
      for (const fps of [20, 15]) {
        const r = await referenceRun(browser, x, referencePage.url, fps);
        console.log(`  reference at ${fps} fps: CPU ${r.cpuPercent.toFixed(0)} % of a core, ${r.fps.toFixed(1)} fps delivered; load ${r.load.map((l) => l.toFixed(2)).join(' ')}`);
      }
    }
  } finally {
    await x.stop();
  }
}
await browser.close();
referencePage.close();
process.exit(0);

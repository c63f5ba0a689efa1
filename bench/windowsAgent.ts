import { rmSync, mkdtempSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { percentile } from '../server/stats/monthly.js';
import { ensureAgentBuild } from '../test/support/agentBuild.js';
import { consent, startAgentProgram } from '../test/support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../test/support/browserViewer.js';
import { createWinePrefix, openDesktop, type WinePrefix } from '../test/support/wine.js';
import { startXvfb, type XDisplay } from '../test/support/xvfb.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';

/**
 * The single-file agents side by side, in one run on one machine: the Windows executable under
 * Wine and the Linux binary, each consented, watched by the engineer's peer in Chromium over
 * loopback WebRTC at 1280×720. Per build: consent → first decoded frame, delivered fps, click →
 * pixels (the engineer clicks in the page → the agent moves and clicks the pointer → the cursor
 * is visible in the next frames), the file's size, and the first start (unpacking the carried
 * files) against a later one (checking them). The machine is shared: the load average is waited
 * on (1-minute load below QUIET_LOAD, at most WAIT_FOR_QUIET_MS) and printed with the results.
 * `npm run bench:windows-agent` (needs Wine, Xvfb, xdotool, Chromium; builds the agent if stale).
 */
interface Harness {
  watch(url: string, token: string, sessionId: number): Promise<string>;
  video(): { width: number; height: number; decoded: number; dropped: number };
  send(message: unknown): void;
  clickLatency(nx: number, ny: number, px: number, py: number): Promise<number | null>;
}
type WithHarness = { harness: Harness };

const MEASURE_SECONDS = 10;
const CLICKS = 20;
const QUIET_LOAD = 2;
const WAIT_FOR_QUIET_MS = 10 * 60_000;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

async function waitForQuiet(): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_QUIET_MS;
  while (loadavg()[0]! >= QUIET_LOAD && Date.now() < deadline) {
    console.log(`waiting for a quieter machine: load ${load()}`);
    await sleep(15_000);
  }
}

/** A started agent, consented; `consentedAt` is when the user's answer was given. */
interface Consented {
  consentedAt: number;
  stop(): Promise<void>;
}

async function measure(label: string, browser: Awaited<ReturnType<typeof launchChromium>>, harnessOrigin: string, start: (serverUrl: string, code: string) => Promise<Consented>) {
  const server = await benchServer({ RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_ALLOWED_ORIGINS: harnessOrigin });
  const staff = await benchStaff(server.url);
  const { sessionId, code } = await openBenchSession(server.url, staff);
  const page: Page = await openHarness(browser, harnessOrigin);
  const h = () => page.evaluate(() => (globalThis as unknown as WithHarness).harness.video());
  await page.evaluate(([u, t, id]) => (globalThis as unknown as WithHarness).harness.watch(u, t, id), [server.url, staff.engineer, sessionId] as const);
  const agent = await start(server.url, code);
  try {
    while ((await h()).decoded === 0) await sleep(10);
    const firstFrameMs = performance.now() - agent.consentedAt;
    await sleep(3000); // let the automatic diagnostics finish
    const before = await h();
    await sleep(MEASURE_SECONDS * 1000);
    const after = await h();
    await page.evaluate(() => (globalThis as unknown as WithHarness).harness.send({ type: 'control', action: 'request' }));
    await sleep(500);
    const latencies: number[] = [];
    for (let i = 0; i < CLICKS; i++) {
      const [nx, ny] = i % 2 ? [0.25, 0.3] : [0.6, 0.55];
      const ms = await page.evaluate(([a, b, c, d]) => (globalThis as unknown as WithHarness).harness.clickLatency(a, b, c, d), [nx, ny, Math.round(nx * after.width) + 1, Math.round(ny * after.height) + 1] as const);
      if (ms !== null) latencies.push(ms);
      await sleep(200);
    }
    return { label, video: `${after.width}×${after.height}`, firstFrameMs, fps: (after.decoded - before.decoded) / MEASURE_SECONDS, dropped: after.dropped - before.dropped, clickP50: percentile(latencies, 50), clickP95: percentile(latencies, 95), clicksSeen: latencies.length };
  } finally {
    await agent.stop();
    await page.close();
    await server.dispose();
  }
}

/** Wall time of `--help` with the carried files to unpack (first) and to check only (later). */
async function startTimes(start: () => Promise<void>, forget: () => void): Promise<{ first: number; later: number }> {
  forget();
  let t0 = performance.now();
  await start();
  const first = performance.now() - t0;
  t0 = performance.now();
  await start();
  return { first, later: performance.now() - t0 };
}

async function linuxRun(x: XDisplay, browser: Awaited<ReturnType<typeof launchChromium>>, origin: string) {
  const binary = await ensureAgentBuild('linux-x64');
  const cache = mkdtempSync(join(tmpdir(), 'ra-bench-cache-'));
  const env = { ...x.env, XDG_CACHE_HOME: cache };
  try {
    const starts = await startTimes(async () => void (await run(binary, ['--help'], { env: { ...process.env, ...env } })), () => rmSync(join(cache, 'remote-assist'), { recursive: true, force: true }));
    const result = await measure('linux-x64 binary', browser, origin, async (url, code) => {
      // The terminal front: the same session and video path as the loopback page, answered by typing.
      const agent = startAgentProgram([binary], ['--server', url, '--lang', 'en', '--terminal', code], env);
      await consent(agent);
      const consentedAt = performance.now();
      return { consentedAt, stop: () => Promise.resolve(void agent.child.kill()) };
    });
    return { ...result, size: statSync(binary).size, starts };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function windowsRun(x: XDisplay, browser: Awaited<ReturnType<typeof launchChromium>>, origin: string) {
  const exe = await ensureAgentBuild('win-x64');
  const wine: WinePrefix = await createWinePrefix(x);
  const desktop = await openDesktop(wine, x, 'bench');
  try {
    const starts = await startTimes(async () => void (await wine.run(exe, ['--help'])), () => rmSync(join(wine.localAppData, 'RemoteAssist'), { recursive: true, force: true }));
    const result = await measure('win-x64 exe under Wine', browser, origin, async (url, code) => {
      const agent = wine.start(exe, ['--server', url, '--lang', 'en', code]);
      const window = await desktop.desk.window(/Remote support request/, 120_000);
      await desktop.desk.typeInto(window, 'Your name (your signature)', 'Bench User');
      await desktop.desk.press(window, 'Accept');
      const consentedAt = performance.now();
      return { consentedAt, stop: () => Promise.resolve(void agent.child.kill('SIGKILL')) };
    });
    return { ...result, size: statSync(exe).size, starts };
  } finally {
    await desktop.close();
    await wine.stop();
  }
}

await waitForQuiet();
const loadBefore = load();
const harness = await startHarnessServer();
const browser = await launchChromium();
const rows = [];
for (const one of [linuxRun, windowsRun]) {
  const x = await startXvfb(1280, 720);
  try {
    rows.push(await one(x, browser, harness.origin));
  } finally {
    await x.stop();
  }
}
await browser.close();
await harness.close();
console.log(`single-file agents → Chromium over loopback WebRTC, 1280×720, ${MEASURE_SECONDS} s of video, ${CLICKS} clicks; load average (1/5/15 min) ${loadBefore} before, ${load()} after`);
for (const r of rows) {
  console.log(
    `${r.label}: ${(r.size / 2 ** 20).toFixed(1)} MiB, first start ${r.starts.first.toFixed(0)} ms (unpacking) vs later ${r.starts.later.toFixed(0)} ms; ` +
      `video ${r.video}, consent → first frame ${r.firstFrameMs.toFixed(0)} ms, ${r.fps.toFixed(1)} fps delivered, ${r.dropped} dropped, ` +
      `click → pixels p50 ${r.clickP50?.toFixed(0) ?? '—'} ms p95 ${r.clickP95?.toFixed(0) ?? '—'} ms (${r.clicksSeen}/${CLICKS} seen)`,
  );
}
process.exit(0);

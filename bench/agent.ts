import { readFileSync } from 'node:fs';
import { QUALITY_LEVELS } from '../agent/video/adapt.js';
import { frameSizeFor } from '../agent/video/capture.js';
import { x11Capture } from '../agent/video/x11.js';
import { percentile } from '../server/stats/monthly.js';
import { consent, startAgent, type AgentProcess } from '../test/support/agentProcess.js';
import { launchChromium, openHarness, startHarnessServer } from '../test/support/browserViewer.js';
import { startXvfb } from '../test/support/xvfb.js';
import { benchServer, benchStaff, openBenchSession } from './support.js';

/**
 * The agent on this machine: consent → first decoded frame in Chromium; delivered fps and
 * dropped frames at 1280×720 and 1920×1080; the agent's CPU (with its ffmpeg); and
 * input-to-pixel latency (a click in Chromium → the X pointer moves and clicks → the cursor is
 * visible in the next frames in Chromium). The baseline, in the same run on the same display:
 * the agent's capture alone (its x11grab back end at the same size and rate, frames discarded),
 * so the ratio is what WebRTC encoding and the agent's own work cost on top of grabbing pixels.
 * `npm run bench:agent` (needs Xvfb, ffmpeg, xdotool, Chromium).
 */
/** What test/support/viewerHarness.js puts on the page (types only: the calls run in the page). */
interface VideoStats {
  width: number;
  height: number;
  decoded: number;
  dropped: number;
}
interface Harness {
  watch(url: string, token: string, sessionId: number): Promise<string>;
  video(): VideoStats;
  send(message: unknown): void;
  clickLatency(nx: number, ny: number, px: number, py: number): Promise<number | null>;
}
type WithHarness = { harness: Harness };

const MEASURE_SECONDS = 10;
const CLICKS = 30;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}
/** The agent's own ticks plus its children's (ffmpeg, xdotool). */
function treeTicks(pid: number): number {
  return cpuTicks(pid) + childrenOf(pid).reduce((sum, c) => sum + (() => { try { return cpuTicks(c); } catch { return 0; } })(), 0);
}

/** Baseline: the agent's capture back end alone, best quality level, frames counted and dropped. */
async function captureOnly(display: string): Promise<{ cpuPercent: number; fps: number }> {
  const capture = x11Capture(display);
  const [screen] = await capture.listDisplays();
  let frames = 0;
  let failure: Error | null = null;
  const handle = capture.start(screen!, frameSizeFor(screen!, QUALITY_LEVELS[0].scale, QUALITY_LEVELS[0].fps), () => frames++, (e) => (failure = e));
  try {
    await sleep(1000);
    const ffmpeg = childrenOf(process.pid).find((c) => readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'ffmpeg');
    if (ffmpeg === undefined) throw failure ?? new Error('the capture started no ffmpeg');
    const [ticks0, frames0] = [cpuTicks(ffmpeg), frames];
    await sleep(MEASURE_SECONDS * 1000);
    return { cpuPercent: ((cpuTicks(ffmpeg) - ticks0) / TICKS_PER_SECOND / MEASURE_SECONDS) * 100, fps: (frames - frames0) / MEASURE_SECONDS };
  } finally {
    await handle.stop();
  }
}

async function run(width: number, height: number, harnessOrigin: string, browser: Awaited<ReturnType<typeof launchChromium>>) {
  const x = await startXvfb(width, height);
  const baseline = await captureOnly(x.env['DISPLAY']!);
  const server = await benchServer({ RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_ALLOWED_ORIGINS: harnessOrigin });
  const staff = await benchStaff(server.url);
  const { sessionId, code } = await openBenchSession(server.url, staff);
  const page = await openHarness(browser, harnessOrigin);
  await page.evaluate(([u, t, id]) => (globalThis as unknown as WithHarness).harness.watch(u, t, id), [server.url, staff.engineer, sessionId] as const);
  let agent: AgentProcess | null = null;
  try {
    agent = startAgent(['--server', server.url, '--lang', 'en', code], x.env);
    await consent(agent);
    const consentedAt = performance.now();
    for (;;) {
      const v = await page.evaluate(() => (globalThis as unknown as WithHarness).harness.video());
      if (v.decoded > 0) break;
      await sleep(10);
    }
    const firstFrameMs = performance.now() - consentedAt;
    await sleep(3000); // let the automatic diagnostics finish
    const before = await page.evaluate(() => (globalThis as unknown as WithHarness).harness.video());
    const ticks0 = treeTicks(agent.child.pid!);
    await sleep(MEASURE_SECONDS * 1000);
    const after = await page.evaluate(() => (globalThis as unknown as WithHarness).harness.video());
    const cpuPercent = ((treeTicks(agent.child.pid!) - ticks0) / TICKS_PER_SECOND / MEASURE_SECONDS) * 100;
    await page.evaluate(() => (globalThis as unknown as WithHarness).harness.send({ type: 'control', action: 'request' }));
    await sleep(500);
    const latencies: number[] = [];
    for (let i = 0; i < CLICKS; i++) {
      const [nx, ny] = i % 2 ? [0.25, 0.3] : [0.7, 0.6];
      const ms = await page.evaluate(([a, b, c, d]) => (globalThis as unknown as WithHarness).harness.clickLatency(a, b, c, d), [nx, ny, Math.round(nx * after.width) + 1, Math.round(ny * after.height) + 1] as const);
      if (ms !== null) latencies.push(ms);
      await sleep(200);
    }
    return {
      size: `${width}×${height}`,
      video: `${after.width}×${after.height}`,
      firstFrameMs,
      fps: (after.decoded - before.decoded) / MEASURE_SECONDS,
      dropped: after.dropped - before.dropped,
      cpuPercent,
      baseline,
      clickP50: percentile(latencies, 50),
      clickP95: percentile(latencies, 95),
      clicksSeen: latencies.length,
    };
  } finally {
    agent?.child.kill();
    await page.close();
    await server.dispose();
    await x.stop();
  }
}

const harness = await startHarnessServer();
const browser = await launchChromium();
const rows = [await run(1280, 720, harness.origin, browser), await run(1920, 1080, harness.origin, browser)];
await browser.close();
await harness.close();
console.log(`agent → Chromium over loopback WebRTC, ${MEASURE_SECONDS} s per size, ${CLICKS} clicks`);
for (const r of rows) {
  console.log(
    `${r.size}: video ${r.video}, consent → first frame ${r.firstFrameMs.toFixed(0)} ms, ${r.fps.toFixed(1)} fps delivered, ${r.dropped} dropped, ` +
      `agent CPU ${r.cpuPercent.toFixed(0)} % of a core (with ffmpeg) vs capture alone ${r.baseline.cpuPercent.toFixed(0)} % at ${r.baseline.fps.toFixed(1)} fps ` +
      `(×${(r.cpuPercent / r.baseline.cpuPercent).toFixed(1)}), click → pixels p50 ${r.clickP50?.toFixed(0)} ms p95 ${r.clickP95?.toFixed(0)} ms (${r.clicksSeen}/${CLICKS} seen)`,
  );
}
process.exit(0);

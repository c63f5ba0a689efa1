import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Page } from 'playwright-core';
import { percentile } from '../server/stats/monthly.js';
import type { XDisplay } from '../test/support/xvfb.js';

/**
 * What both runs of `npm run bench:agent` measure the same way, once the picture arrives in a
 * Chromium page: the sender's CPU (its process tree: node, ffmpeg, xdotool), frames delivered
 * and dropped while a video plays on the shared screen, the time from the engineer's pointer
 * move to the X pointer moving (input), and from a click to the cursor seen there (pixels).
 */
export const MEASURE_SECONDS = 10;
export const CLICKS = 30;
const MOVES = 20;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** What bench/pageProbe.js puts on the page (types only: the calls run in the page). */
interface Probe {
  video(): { width: number; height: number; decoded: number; dropped: number };
  clientPoint(px: number, py: number): { x: number; y: number };
  arm(px: number, py: number): void;
  seen(): Promise<number | null>;
  epochNow(): number;
  armMove(): void;
  moved(): Promise<number | null>;
}
type WithProbe = { benchProbe: Probe };

const PROBE = readFileSync(join(import.meta.dirname, 'pageProbe.js'), 'utf8');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const epochNow = () => performance.timeOrigin + performance.now();

export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

export const videoStats = (page: Page) => page.evaluate(() => (globalThis as unknown as WithProbe).benchProbe.video());

/** Milliseconds from `since` until the page has decoded a frame. */
export async function untilFirstFrame(page: Page, since: number): Promise<number> {
  for (;;) {
    if ((await videoStats(page)).decoded > 0) return performance.now() - since;
    await sleep(10);
  }
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}
/** A process's own ticks plus all its descendants' (the agent's node, its ffmpeg, xdotool). */
function treeTicks(pid: number): number {
  try {
    return cpuTicks(pid) + childrenOf(pid).reduce((sum, c) => sum + treeTicks(c), 0);
  } catch {
    return 0; // gone since the listing: nothing more to count
  }
}

/** A 640×360 video playing in a window on the shared screen: what the HelpDesk looks at. */
function playVideo(x: XDisplay): ChildProcess {
  return x.spawn('ffplay', ['-loglevel', 'error', '-an', '-noborder', '-left', '600', '-top', '40', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30']);
}

export interface Receiving {
  fps: number;
  dropped: number;
  cpuPercent: number;
  inputP50: number | null;
  clickP50: number | null;
  clickP95: number | null;
  clicksSeen: number;
  load: number[];
}

/** Frames and CPU over MEASURE_SECONDS with a video playing. */
async function framesAndCpu(page: Page, pid: number, x: XDisplay) {
  const video = playVideo(x);
  try {
    await sleep(1500);
    const before = await videoStats(page);
    const ticks0 = treeTicks(pid);
    await sleep(MEASURE_SECONDS * 1000);
    const after = await videoStats(page);
    const cpuPercent = ((treeTicks(pid) - ticks0) / TICKS_PER_SECOND / MEASURE_SECONDS) * 100;
    return { fps: (after.decoded - before.decoded) / MEASURE_SECONDS, dropped: after.dropped - before.dropped, cpuPercent };
  } finally {
    video.kill();
    await sleep(500);
  }
}

/** The page's clock minus ours, from the quickest of a few round trips. */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 10; i++) {
    const t0 = epochNow();
    const theirs = await page.evaluate(() => (globalThis as unknown as WithProbe).benchProbe.epochNow());
    const t1 = epochNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: theirs - (t0 + t1) / 2 };
  }
  return best.offset;
}

/** Pointer move in the page → the X server reports the pointer moved (xev on the root window). */
async function inputLatency(page: Page, x: XDisplay): Promise<number | null> {
  const xev = x.spawn('xev', ['-root', '-event', 'mouse']);
  let moved: (() => void) | null = null;
  xev.stdout!.on('data', (d: Buffer) => {
    if (moved && d.toString().includes('MotionNotify')) moved();
  });
  try {
    await sleep(300);
    const offset = await clockOffset(page);
    const latencies: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const [px, py] = i % 2 ? [200, 150] : [260, 190];
      const point = await page.evaluate(([a, b]) => (globalThis as unknown as WithProbe).benchProbe.clientPoint(a, b), [px, py] as const);
      await page.evaluate(() => (globalThis as unknown as WithProbe).benchProbe.armMove());
      const movedAt = new Promise<number>((resolve) => (moved = () => resolve(epochNow())));
      await page.mouse.move(point.x, point.y);
      const atX = await Promise.race([movedAt, sleep(2000).then(() => null)]);
      moved = null;
      const sentAt = await page.evaluate(() => (globalThis as unknown as WithProbe).benchProbe.moved());
      if (atX !== null && sentAt !== null) latencies.push(atX - (sentAt - offset));
      await sleep(100);
    }
    return percentile(latencies, 50);
  } finally {
    xev.kill();
  }
}

/** Clicks in the page, alternating between two points; milliseconds until the cursor shows there. */
async function clickLatencies(page: Page, video: { width: number; height: number }): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const [px, py] = (i % 2 ? [0.25, 0.3] : [0.7, 0.6]).map((f, axis) => Math.round(f * (axis ? video.height : video.width))) as [number, number];
    await page.evaluate(([a, b]) => (globalThis as unknown as WithProbe).benchProbe.arm(a, b), [px, py] as const);
    const point = await page.evaluate(([a, b]) => (globalThis as unknown as WithProbe).benchProbe.clientPoint(a, b), [px, py] as const);
    await page.mouse.click(point.x, point.y);
    const ms = await page.evaluate(() => (globalThis as unknown as WithProbe).benchProbe.seen());
    if (ms !== null) latencies.push(ms);
    await sleep(200);
  }
  return latencies;
}

/** Everything after the first frame, for a page whose pointer input already reaches the sender. */
export async function measureReceiving(page: Page, pid: number, x: XDisplay): Promise<Receiving> {
  const frames = await framesAndCpu(page, pid, x);
  const load = loadavg();
  const inputP50 = await inputLatency(page, x);
  const clicks = await clickLatencies(page, await videoStats(page));
  return { ...frames, inputP50, clickP50: percentile(clicks, 50), clickP95: percentile(clicks, 95), clicksSeen: clicks.length, load };
}

/** The reference sender as a child process, signalling through its stdin and stdout. */
export function startReferenceSender(x: XDisplay, fps: number, onMessage: (message: unknown) => void): ChildProcessByStdio<Writable, Readable, null> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'reference', 'sender.mjs'), x.display, String(x.width), String(x.height), String(fps)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let rest = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line) onMessage(JSON.parse(line));
  });
  return child;
}

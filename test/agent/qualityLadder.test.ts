import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RemoteControl } from '../../agent/input/control.js';
import { xdotoolInput } from '../../agent/input/xdotool.js';
import { PeerHub } from '../../agent/peers.js';
import { QUALITY_LEVELS } from '../../agent/video/adapt.js';
import { frameSizeFor } from '../../agent/video/capture.js';
import { VideoFeed, type FeedChange } from '../../agent/video/feed.js';
import { x11Capture } from '../../agent/video/x11.js';
import type { Clock } from '../../shared/clock.js';
import type { ViewerMessage } from '../../shared/protocol/dataChannel.js';
import { launchChromium, openHarness, startHarnessServer } from '../support/browserViewer.js';
import { testClock, type TestClock } from '../support/clock.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

/*
 * The agent's own video and input layers — its x11grab capture feeding the wrtc track, its peer
 * hub, its remote control through one xdotool pipe — on a real X display, sending over real
 * WebRTC to Chromium, walked down every step of the quality ladder and back up. Only the machine
 * load is scripted (the feed's injected `cpuLoad`), and the sampling clock is a test clock: the
 * real agent process reads the load of this shared machine, which a test can neither set nor
 * hold still. Signalling goes straight between the hub and the page (the server's relay of it
 * is covered by test/agent/screen.test.ts).
 */

vi.setConfig({ testTimeout: 120_000 });

const SAMPLE_MS = 5000;
const WIDTH = 1280;
const HEIGHT = 720;

let x: XDisplay;
let browser: Browser;
let page: Page;
let harness: { origin: string; close(): Promise<void> };
let clock: TestClock;
let feed: VideoFeed;
let hub: PeerHub;
let load = 30;
let armed = 0;
const refused: string[] = [];
const causes: FeedChange[] = [];

beforeAll(async () => {
  x = await startXvfb(WIDTH, HEIGHT);
  harness = await startHarnessServer();
  browser = await launchChromium();
  page = await openHarness(browser, harness.origin);
  clock = testClock();
  // The sampler re-arms its timer once a sample is done: counting that tells when one has run.
  const sampling: Clock = { ...clock, setTimeout: (callback, ms) => (armed++, clock.setTimeout(callback, ms)) };
  feed = new VideoFeed(x11Capture(x.display), sampling, { changed: (_display, _size, cause) => causes.push(cause), failed: (e) => refused.push(e.message) }, () => Promise.resolve(load));
  await feed.start();
  const control = new RemoteControl(xdotoolInput(x.display, (e) => refused.push(e.message)), () => feed.current.display);
  await page.exposeFunction('toAgent', (data: unknown) => hub.signal('viewer-1', data as never));
  hub = new PeerHub(feed.stream, [], {
    signal: (_to, data) => void page.evaluate((d) => (globalThis as any).harness.peer.signal(d), data),
    open: () => undefined,
    message: (_id, _role, message: ViewerMessage) => {
      if (message.type === 'control') control.engineer(message.action);
      else if (message.type === 'pointer') control.apply(message);
    },
    closed: () => undefined,
    invalid: (_id, reason) => refused.push(reason),
  });
  // The engineer's side: the agent tests' harness page (simple-peer's browser build, as the viewer uses).
  await page.evaluate(() => (globalThis as any).harness.direct());
  hub.add('viewer-1', 'owner', 'Engineer');
  await vi.waitFor(async () => expect(await page.evaluate(() => (globalThis as any).harness.connected === true)).toBe(true), { timeout: 20_000, interval: 100 });
  await page.evaluate(() => (globalThis as any).harness.send({ type: 'control', action: 'request' }));
}, 120_000);

afterAll(async () => {
  hub?.closeAll();
  await feed?.stop();
  await browser?.close();
  await harness?.close();
  await x?.stop();
});

const video = () => page.evaluate(() => (globalThis as any).harness.video() as { width: number; height: number; decoded: number });
/** Mean brightness of a small square of the picture the engineer sees (video pixels). */
const brightness = (px: number, py: number, side: number) =>
  page.evaluate(([a, b, c]) => {
    const s = (globalThis as any).harness.sample(a, b, c, c);
    return s.r + s.g + s.b;
  }, [px, py, side] as const);

/** One sample of the feed's sampler with the machine at `percent` load; resolves once it ran. */
async function sampleAt(percent: number): Promise<void> {
  load = percent;
  const before = armed;
  await clock.advance(SAMPLE_MS);
  // The sample is async (it reads the peers' statistics and may restart the capture).
  await vi.waitFor(() => expect(armed).toBeGreaterThan(before), { timeout: 10_000, interval: 20 });
}

/** At the level now in effect: the picture has this level's size and moves, and a pointer move shows the cursor there. */
async function expectWorkingSession(level: number, spot: { x: number; y: number }): Promise<void> {
  const q = QUALITY_LEVELS[level]!;
  const size = frameSizeFor({ width: WIDTH, height: HEIGHT }, q.scale, q.fps);
  expect(feed.current.level, 'the step in effect').toBe(level);
  await vi.waitFor(async () => expect(await video()).toMatchObject({ width: size.width, height: size.height }), { timeout: 20_000, interval: 100 });
  const decoded = (await video()).decoded;
  await vi.waitFor(async () => expect((await video()).decoded).toBeGreaterThan(decoded + 3), { timeout: 10_000, interval: 100 });
  const [px, py] = [Math.round(spot.x * size.width), Math.round(spot.y * size.height)];
  // The square just below-right of the cursor's hot spot, shrunk with the picture.
  const side = Math.round(10 * q.scale);
  expect(await brightness(px, py, side), `before the move, at step ${level}`).toBeLessThan(40); // the black root window, no cursor yet
  await page.evaluate((m) => (globalThis as any).harness.send(m), { type: 'pointer', action: 'move', ...spot });
  await vi.waitFor(async () => expect(await x.pointer()).toEqual({ x: Math.round(spot.x * WIDTH), y: Math.round(spot.y * HEIGHT) }), { timeout: 5000, interval: 50 });
  // The X cursor (white arrow, its tip at the pointer) is drawn into the captured frames.
  await vi.waitFor(async () => expect(await brightness(px, py, side), `the cursor, at step ${level}`).toBeGreaterThan(90), { timeout: 10_000, interval: 100 });
}

describe('the shared screen at every step of the quality ladder', () => {
  it('starts at the top step: full size at 30 fps', async () => {
    expect(QUALITY_LEVELS[0]).toEqual({ fps: 30, scale: 1 });
    expect(causes).toEqual(['start']);
    await expectWorkingSession(0, { x: 0.1, y: 0.1 });
  });

  it('keeps the picture and remote control working as a busy machine steps it down, one step per two busy samples', async () => {
    for (let level = 1; level < QUALITY_LEVELS.length; level++) {
      await sampleAt(95);
      expect(feed.current.level, 'after one busy sample').toBe(level - 1);
      await sampleAt(95);
      expect(causes.at(-1), 'why the capture restarted').toBe('cpu');
      // A different spot at each step, so the cursor seen there is the one just moved.
      await expectWorkingSession(level, { x: 0.1 + 0.15 * (level % 6), y: 0.2 + 0.12 * level });
    }
    await sampleAt(95);
    await sampleAt(95);
    expect(feed.current.level).toBe(QUALITY_LEVELS.length - 1); // the bottom holds
  });

  it('climbs back to the top once the machine is calm, and still works there', async () => {
    for (let i = 0; i < 3 * (QUALITY_LEVELS.length - 1); i++) await sampleAt(30);
    await expectWorkingSession(0, { x: 0.6, y: 0.15 });
    expect(refused).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildClips } from '../../server/check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../../server/check/clipManifest.js';
import { playbackCheckResult } from '../../shared/playbackCheck/evaluate.js';
import { ITEM_COUNT, PlaybackCheckResult, type PlaybackCheckItem } from '../../shared/playbackCheck/items.js';
import { PlaybackMeasurements, type Probe } from '../../shared/playbackCheck/measurements.js';
import { launchChromium } from '../support/browserViewer.js';
import { buildCheckBundle, openCheckPage, type CheckPage, type CheckPageOptions } from '../support/checkPage.js';
import { liveSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets } from '../support/realtime.js';

let browser: Browser;
let bundle: string;
let f: LiveFixture;
const pages: CheckPage[] = [];

beforeAll(async () => {
  // The real build step (skipped when `npm run build:clips` already made the clips).
  await buildClips(CHECK_CLIPS_DIST);
  [bundle, browser, f] = await Promise.all([buildCheckBundle(), launchChromium(), startLiveServer(undefined)]);
}, 180_000);

afterEach(async () => {
  for (const p of pages.splice(0)) await p.context.close();
  closeSockets();
});

afterAll(async () => {
  await browser?.close();
  await f?.server.close();
});

async function open(server: LiveFixture['server'], options: Partial<CheckPageOptions> = {}): Promise<CheckPage> {
  const page = await openCheckPage(browser, server.url, bundle, { clockAt: () => server.clock.now(), ...options });
  pages.push(page);
  return page;
}

function data<T>(probe: Probe<T>): T {
  if (probe.status !== 'ok') throw new Error(`probe failed: ${probe.code} ${probe.reason}`);
  return probe.data;
}

const row = (items: PlaybackCheckItem[], id: PlaybackCheckItem['id'], key: Record<string, string> = {}) =>
  items.find((i) => i.id === id && Object.entries(key).every(([k, v]) => (i as Record<string, unknown>)[k] === v));

/** The page's clock minus the server's, bracketed by reading both (their difference stays fixed: both flow in real time). */
async function pageClockOffset(page: CheckPage, server: LiveFixture['server']): Promise<{ low: number; high: number }> {
  const before = server.clock.now();
  const pageNow = await page.page.evaluate(() => Date.now());
  const after = server.clock.now();
  return { low: pageNow - after, high: pageNow - before };
}

describe('the playback check in Chromium', () => {
  it('measures everything against the real server: the clips decode, H.264 and ClearKey are there, line and clock are measured', async () => {
    const { token } = await liveSession(f);
    const page = await open(f.server);
    const measured = await page.run(token);
    const offset = await pageClockOffset(page, f.server);

    expect(PlaybackMeasurements.parse(measured)).toEqual(measured);
    const result = playbackCheckResult(measured);
    expect(PlaybackCheckResult.parse(result).items).toHaveLength(ITEM_COUNT);
    expect(result.items.filter((i) => i.status === 'error').map((i) => i.summary)).toEqual([]);

    for (const [clip, width, height] of [['720p', 1280, 720], ['1080p', 1920, 1080]] as const) {
      const run = data(measured.playback[clip]);
      expect(run.decodedFrames).toBeGreaterThan(0);
      expect(Number.isInteger(run.droppedFrames) && run.droppedFrames >= 0 && run.droppedFrames <= run.decodedFrames).toBe(true);
      expect([run.videoWidth, run.videoHeight, run.expectedFrames]).toEqual([width, height, 90]);
      expect(run.bytes).toBeGreaterThan(100_000);
      expect(run.startupMs).toBeGreaterThan(0);
    }
    const h264 = data(measured.codecs).results.filter((r) => r.codec === 'h264');
    expect(h264.map((r) => [r.resolution, r.mse, r.decoding?.supported])).toEqual([['720p', true, true], ['1080p', true, true]]);
    expect(row(result.items, 'codec', { codec: 'h264', resolution: '1080p' })?.status).toMatch(/^(pass|warn)$/);
    expect(data(measured.drm).keySystems.find((k) => k.id === 'clearkey')).toMatchObject({ keySystem: 'org.w3.clearkey', available: true });
    // Debian's Chromium ships no Widevine module: the check must say so, as it would for a user.
    expect(row(result.items, 'drm', { keySystem: 'widevine' })).toMatchObject({ status: 'fail', findings: ['no_commercial_drm'] });

    const downloads = data(measured.throughput).downloads;
    expect(downloads).toHaveLength(2);
    expect(downloads[1]!.bytes).toBeGreaterThanOrEqual(2 ** 20);
    expect(row(result.items, 'throughput')?.values).toMatchObject({ mbps: expect.any(Number) });
    const latency = data(measured.latency);
    expect(latency.sent).toBe(10);
    expect(latency.samples.length).toBeGreaterThan(5);
    expect(latency.samples.every((s) => s.rttMs >= 0 && s.rttMs < 2000)).toBe(true);

    const skew = row(result.items, 'clock_skew');
    if (skew?.id !== 'clock_skew' || skew.status === 'error') throw new Error('no clock skew measured');
    expect(skew.values.skewMs).toBeGreaterThanOrEqual(offset.low - skew.values.uncertaintyMs - 50);
    expect(skew.values.skewMs).toBeLessThanOrEqual(offset.high + skew.values.uncertaintyMs + 50);
    expect(Math.abs(skew.values.skewMs)).toBeLessThan(2000);
    expect(skew.status).toBe('pass');
    expect(page.problems).toEqual([]);
    expect(await page.page.locator('video').count()).toBe(0);
  }, 120_000);

  it('finds a browser clock 90 s behind the server 90 s behind, and warns', async () => {
    const { token } = await liveSession(f);
    const page = await open(f.server, { clockAt: () => f.server.clock.now() - 90_000 });
    const result = playbackCheckResult(await page.run(token));
    const offset = await pageClockOffset(page, f.server);
    const skew = row(result.items, 'clock_skew');
    if (skew?.id !== 'clock_skew' || skew.status === 'error') throw new Error('no clock skew measured');
    expect(offset.high).toBeLessThan(-89_000);
    expect(skew.values.skewMs).toBeGreaterThanOrEqual(offset.low - skew.values.uncertaintyMs - 50);
    expect(skew.values.skewMs).toBeLessThanOrEqual(offset.high + skew.values.uncertaintyMs + 50);
    expect(skew).toMatchObject({ status: 'warn', findings: ['clock_off'] });
    expect(skew.summary).toMatch(/^the browser's clock is 9\d(\.\d)? s behind the server's/);
  }, 120_000);

  it.each([
    ['Pixel 7', 412, 2.625, 'Android'],
    ['iPhone 14', 390, 3, 'iOS'],
  ] as const)('gives a phone (%s emulated) a complete, well-formed result', async (device, width, pixelRatio, os) => {
    const { token } = await liveSession(f);
    const page = await open(f.server, { device });
    const measured = await page.run(token);
    const result = PlaybackCheckResult.parse(playbackCheckResult(measured));
    expect(result.items).toHaveLength(ITEM_COUNT);
    expect(data(measured.screen)).toMatchObject({ width, pixelRatio });
    expect(data(measured.browser)).toMatchObject({ osName: os, deviceType: 'mobile' });
    expect(data(measured.playback['720p']).decodedFrames).toBeGreaterThan(0);
    expect(result.items.filter((i) => i.status === 'error').map((i) => i.summary)).toEqual([]);
    expect(page.problems).toEqual([]);
  }, 120_000);

  it('reports the playback test as not built on a server without clips, and measures the rest', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'ra-no-clips-'));
    const bare = await startLiveServer(undefined, { RA_CHECK_CLIPS_DIR: emptyDir });
    try {
      const { token } = await liveSession(bare);
      const page = await open(bare.server);
      const measured = await page.run(token);
      for (const clip of ['720p', '1080p'] as const) {
        expect(measured.playback[clip]).toMatchObject({ status: 'error', code: 'clips_not_built', reason: expect.stringContaining('npm run build:clips') });
        expect(row(playbackCheckResult(measured).items, 'playback', { clip })).toMatchObject({ status: 'error', findings: ['clips_not_built'], values: null });
      }
      expect(measured.latency.status).toBe('ok');
      expect(measured.codecs.status).toBe('ok');
    } finally {
      closeSockets();
      await bare.server.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('never throws without a valid session token: the network probes are refused, the rest is measured', async () => {
    await liveSession(f);
    const page = await open(f.server);
    for (const [token, reason] of [['A'.repeat(43), /SESSION_TOKEN_INVALID/], [null, /no session token/]] as const) {
      const measured = await page.run(token);
      expect(measured.latency).toMatchObject({ status: 'error', code: 'refused', reason: expect.stringMatching(reason) });
      expect(measured.throughput).toMatchObject({ status: 'error', code: 'refused' });
      expect(data(measured.playback['720p']).decodedFrames).toBeGreaterThan(0);
      expect(measured.browser.status).toBe('ok');
      expect(row(playbackCheckResult(measured).items, 'rtt')).toMatchObject({ status: 'error', findings: ['probe_refused'] });
    }
  }, 120_000);

  it('ends the probes still running as aborted when the check is cancelled, and leaves no video behind', async () => {
    const { token } = await liveSession(f);
    const page = await open(f.server);
    const measured: PlaybackMeasurements = await page.page.evaluate(
      ([baseUrl, t]) => {
        const controller = new AbortController();
        const check = (globalThis as any).PlaybackCheck.runPlaybackCheck({ baseUrl, token: t, signal: controller.signal, onProbe: (step: string) => step === 'playback-720p' && setTimeout(() => controller.abort(), 500) });
        return check;
      },
      [f.server.url, token] as const,
    );
    expect(PlaybackMeasurements.parse(measured)).toEqual(measured);
    expect(measured.latency.status).toBe('ok');
    expect(measured.playback['720p']).toMatchObject({ status: 'error', code: 'aborted' });
    expect(measured.playback['1080p']).toMatchObject({ status: 'error', code: 'aborted', durationMs: 0 });
    expect(await page.page.locator('video').count()).toBe(0);
  }, 120_000);
});

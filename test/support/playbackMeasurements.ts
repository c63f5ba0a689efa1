import { CODECS, RESOLUTIONS } from '../../shared/playbackCheck/catalog.js';
import { evaluatePlaybackCheck } from '../../shared/playbackCheck/evaluate.js';
import type { PlaybackCheckItem } from '../../shared/playbackCheck/items.js';
import { TEST_BASE_INSTANT } from './clock.js';
import { PlaybackMeasurements, type CodecSupport, type KeySystemSupport, type PingSample, type ProbeError } from '../../shared/playbackCheck/measurements.js';

/*
 * Measurements of the playback check for unit tests of its evaluation: a healthy PC, and ways to
 * change one fact of it.
 */

export const BASE = Date.parse(TEST_BASE_INSTANT);
export const ok = <D>(data: D) => ({ status: 'ok' as const, durationMs: 5, data });
export const failed = (code: ProbeError['code'], reason: string): ProbeError => ({ status: 'error', durationMs: 5, code, reason });

export const codec = (c: CodecSupport['codec'], r: CodecSupport['resolution'], over: Partial<CodecSupport> = {}): CodecSupport => ({
  codec: c,
  resolution: r,
  contentType: 'video/mp4',
  mse: true,
  decoding: { supported: true, smooth: true, powerEfficient: true },
  decodingError: null,
  ...over,
});
export const keySystem = (id: KeySystemSupport['id'], available: boolean, robustness: string[] = []): KeySystemSupport => ({ id, keySystem: `ks.${id}`, available, robustness, reason: available ? null : 'NotSupportedError' });
export const pings = (rtts: number[], skewMs = 0): PingSample[] => rtts.map((rttMs, i) => ({ sentAtMs: BASE + i * 1000 + skewMs, rttMs, serverTimeMs: BASE + i * 1000 + rttMs / 2 }));
export const run = (over: Partial<{ startupMs: number; stalls: number; stallMs: number; decodedFrames: number; droppedFrames: number }> = {}) => ({
  bytes: 300_000,
  expectedFrames: 90,
  firstByteMs: 10,
  startupMs: 200,
  stalls: 0,
  stallMs: 0,
  decodedFrames: 90,
  droppedFrames: 0,
  playedMs: 3000,
  videoWidth: 1280,
  videoHeight: 720,
  ...over,
});

/** A healthy Windows 11 Chrome on a good line: every item passes (or is information). */
export function healthy(): PlaybackMeasurements {
  return {
    version: 1,
    startedAt: '2026-11-25T02:00:00.000Z',
    durationMs: 9000,
    browser: ok({ source: 'client_hints', userAgent: 'Mozilla/5.0', name: 'Google Chrome', version: '131.0.6778.86', engine: 'Blink', osName: 'Windows', osVersion: '11', deviceType: 'desktop', model: '', architecture: 'x86 64' }),
    screen: ok({ width: 1920, height: 1080, availWidth: 1920, availHeight: 1040, pixelRatio: 1, colorDepth: 24, viewportWidth: 1900, viewportHeight: 950 }),
    hardware: ok({ logicalCores: 8, deviceMemoryGb: 8 }),
    gpu: ok({ api: 'webgl2', vendor: 'Google Inc. (NVIDIA)', renderer: 'ANGLE (NVIDIA, NVIDIA GeForce GTX 1650 Direct3D11 vs_5_0 ps_5_0, D3D11)', unmasked: true }),
    codecs: ok({ mediaSource: 'MediaSource', mediaCapabilities: true, results: CODECS.flatMap((c) => RESOLUTIONS.map((r) => codec(c, r))) }),
    drm: ok({ secureContext: true, eme: true, keySystems: [keySystem('widevine', true, ['SW_SECURE_CRYPTO', 'SW_SECURE_DECODE', 'HW_SECURE_ALL']), keySystem('playready', true, ['2000']), keySystem('fairplay', true), keySystem('clearkey', true)] }),
    hls: ok({ canPlayType: 'maybe' }),
    playback: { '720p': ok({ clip: '720p', ...run() }), '1080p': ok({ clip: '1080p', ...run({}), videoWidth: 1920, videoHeight: 1080 }) },
    latency: ok({ sent: 10, samples: pings([20, 22, 21, 25, 20, 23, 21, 22, 24, 20]) }),
    throughput: ok({ downloads: [{ bytes: 262_144, ms: 30 }, { bytes: 8 * 2 ** 20, ms: 1000 }] }),
    storage: ok({ quotaBytes: 50 * 2 ** 30, usageBytes: 2 ** 20, persisted: false }),
    storageAccess: ok({ cookieEnabled: true, localStorage: { usable: true, reason: null }, sessionStorage: { usable: true, reason: null }, indexedDB: { usable: true, reason: null } }),
  };
}

/** The healthy measurements with one part changed. */
export function with_(change: (m: PlaybackMeasurements) => void): PlaybackMeasurements {
  const m = structuredClone(healthy());
  change(m);
  return PlaybackMeasurements.parse(m);
}

export function itemOf(m: PlaybackMeasurements, id: PlaybackCheckItem['id'], key?: Record<string, string>): PlaybackCheckItem {
  const found = evaluatePlaybackCheck(m).find((i) => i.id === id && Object.entries(key ?? {}).every(([k, v]) => (i as Record<string, unknown>)[k] === v));
  if (!found) throw new Error(`no item ${id} ${JSON.stringify(key)}`);
  return found;
}

export const statusOf = (m: PlaybackMeasurements, id: PlaybackCheckItem['id'], key?: Record<string, string>) => itemOf(m, id, key).status;
export const findingsOf = (m: PlaybackMeasurements, id: PlaybackCheckItem['id'], key?: Record<string, string>) => itemOf(m, id, key).findings;

import { PLAYBACK_CHECK_VERSION } from '../../../shared/playbackCheck/catalog.js';
import {
  BrowserInfo,
  CodecsInfo,
  DrmInfo,
  GpuInfo,
  HardwareInfo,
  HlsInfo,
  LatencyInfo,
  PlaybackMeasurements,
  PlaybackRun,
  ScreenInfo,
  StorageAccess,
  StorageEstimate,
  ThroughputInfo,
} from '../../../shared/playbackCheck/measurements.js';
import { measureCodecs, measureHls } from './codecs.js';
import { measureBrowser, measureGpu, measureHardware, measureScreen } from './device.js';
import { measureDrm } from './drm.js';
import type { CheckServer } from './http.js';
import { measureLatency, measureThroughput } from './network.js';
import { playClip } from './playback.js';
import { runProbe } from './probe.js';
import { measureStorage, measureStorageAccess } from './storage.js';

export interface PlaybackCheckOptions extends CheckServer {
  /** Cancels the check: probes still running end as `aborted`. */
  signal?: AbortSignal;
  /** Where the test clip's small video element goes while it plays; the page's body by default. */
  videoHost?: HTMLElement;
  /** Told when each probe starts, for a progress display. */
  onProbe?: (probe: ProbeName) => void;
}

export type ProbeName = 'device' | 'media' | 'latency' | 'throughput' | 'playback-720p' | 'playback-1080p';

/** Each probe's time limit. The playback limits cover a 3-second clip plus a slow start. */
const LIMITS_MS = {
  browser: 3000,
  screen: 1000,
  hardware: 1000,
  gpu: 3000,
  storage: 3000,
  storageAccess: 5000,
  codecs: 8000,
  drm: 20_000,
  hls: 1000,
  latency: 15_000,
  throughput: 30_000,
  playback: 20_000,
};

/**
 * Runs the video-playback check in this browser and returns its measurements, validated with
 * the shared schema (so they can be sent as they are). Every probe has its own time limit and
 * none can fail the whole: a probe that throws, hangs or is refused by the server is reported
 * as its error. The device and media probes run together; the network probes and the two clips
 * one after another, so they do not compete for the line or the decoder.
 */
export async function runPlaybackCheck(options: PlaybackCheckOptions): Promise<PlaybackMeasurements> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { signal } = options;
  const server: CheckServer = { baseUrl: options.baseUrl, token: options.token };
  const host = options.videoHost ?? document.body;
  const step = (name: ProbeName) => options.onProbe?.(name);

  step('device');
  const [browser, screen, hardware, gpu, storage, storageAccess] = await Promise.all([
    runProbe(BrowserInfo, LIMITS_MS.browser, signal, measureBrowser),
    runProbe(ScreenInfo, LIMITS_MS.screen, signal, measureScreen),
    runProbe(HardwareInfo, LIMITS_MS.hardware, signal, measureHardware),
    runProbe(GpuInfo, LIMITS_MS.gpu, signal, measureGpu),
    runProbe(StorageEstimate, LIMITS_MS.storage, signal, measureStorage),
    runProbe(StorageAccess, LIMITS_MS.storageAccess, signal, measureStorageAccess),
  ]);
  step('media');
  const [codecs, drm, hls] = await Promise.all([
    runProbe(CodecsInfo, LIMITS_MS.codecs, signal, measureCodecs),
    runProbe(DrmInfo, LIMITS_MS.drm, signal, measureDrm),
    runProbe(HlsInfo, LIMITS_MS.hls, signal, measureHls),
  ]);
  step('latency');
  const latency = await runProbe(LatencyInfo, LIMITS_MS.latency, signal, (s) => measureLatency(server, s));
  step('throughput');
  const throughput = await runProbe(ThroughputInfo, LIMITS_MS.throughput, signal, (s) => measureThroughput(server, s));
  step('playback-720p');
  const clip720 = await runProbe(PlaybackRun, LIMITS_MS.playback, signal, (s) => playClip(server, '720p', s, host));
  step('playback-1080p');
  const clip1080 = await runProbe(PlaybackRun, LIMITS_MS.playback, signal, (s) => playClip(server, '1080p', s, host));

  // Every probe's data has passed its own schema already; this checks the whole once more
  // before anything leaves the page.
  return PlaybackMeasurements.parse({
    version: PLAYBACK_CHECK_VERSION,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    browser,
    screen,
    hardware,
    gpu,
    codecs,
    drm,
    hls,
    playback: { '720p': clip720, '1080p': clip1080 },
    latency,
    throughput,
    storage,
    storageAccess,
  });
}

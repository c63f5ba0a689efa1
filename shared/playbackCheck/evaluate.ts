import { CLIP_NAMES, PLAYBACK_CHECK_VERSION } from './catalog.js';
import { overallStatus, type PlaybackCheckItem, type PlaybackCheckResult } from './items.js';
import type { PlaybackMeasurements } from './measurements.js';
import { browserItem, cpuCoresItem, deviceMemoryItem, gpuItem, screenItem } from './evaluateDevice.js';
import { codecItems, drmItems, hlsItem, playbackItem } from './evaluateMedia.js';
import { clockSkewItem, rttItem, storageAccessItem, storageQuotaItem, throughputItem } from './evaluateNetwork.js';

/**
 * Judges one run's measurements against the documented thresholds (thresholds.ts,
 * docs/playback-check.md). Pure: the same measurements always give the same items, in the
 * catalog's fixed order, one row per fact, a failed probe giving `error` rows.
 */
export function evaluatePlaybackCheck(m: PlaybackMeasurements): PlaybackCheckItem[] {
  return [
    browserItem(m.browser),
    screenItem(m.screen),
    cpuCoresItem(m.hardware),
    deviceMemoryItem(m.hardware),
    gpuItem(m.gpu),
    ...codecItems(m),
    ...drmItems(m),
    hlsItem(m),
    ...CLIP_NAMES.map((clip) => playbackItem(m, clip)),
    throughputItem(m.throughput),
    rttItem(m.latency),
    clockSkewItem(m.latency),
    storageQuotaItem(m.storage),
    storageAccessItem(m.storageAccess),
  ];
}

/** The measurements with their verdicts, as the case record keeps them. */
export function playbackCheckResult(m: PlaybackMeasurements): PlaybackCheckResult {
  const items = evaluatePlaybackCheck(m);
  return { version: PLAYBACK_CHECK_VERSION, status: overallStatus(items), items, measurements: m };
}

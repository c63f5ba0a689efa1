import { z } from 'zod';
import { Id } from '../schemas/common.js';
import { byUrgency, ItemStatus, OverallStatus, PlaybackCheckResult, type PlaybackCheckItem } from './items.js';
import { FINDING_TEXTS, ITEM_LABELS } from './texts.js';

/**
 * A playback check as the case record keeps it: the server's own evaluation of the measurements
 * a session's browser sent, with when and in which session it arrived.
 */
export const PlaybackCheckView = z.object({
  id: Id,
  sessionId: Id,
  caseId: Id,
  /** When the server received it (the server's clock; the browser's is in the measurements). */
  at: z.string(),
  result: PlaybackCheckResult,
});
export type PlaybackCheckView = z.infer<typeof PlaybackCheckView>;

/** What tells rows of one kind apart: `codec h264 1080p`, `drm widevine`, `playback 720p`. */
export function itemKey(item: PlaybackCheckItem): string {
  switch (item.id) {
    case 'codec':
      return `codec ${item.codec} ${item.resolution}`;
    case 'drm':
      return `drm ${item.keySystem}`;
    case 'playback':
      return `playback ${item.clip}`;
    default:
      return item.id;
  }
}

const CODEC_NAMES = { h264: 'H.264', hevc: 'HEVC', vp9: 'VP9', av1: 'AV1' } as const;
const KEY_SYSTEM_NAMES = { widevine: 'Widevine', playready: 'PlayReady', fairplay: 'FairPlay', clearkey: 'ClearKey' } as const;

/** A row's name for people: its item's label and what tells it apart ("Codec H.264 1080p"). */
export function itemTitle(item: PlaybackCheckItem, lang: 'ko' | 'en'): string {
  const label = ITEM_LABELS[item.id][lang];
  switch (item.id) {
    case 'codec':
      return `${label} ${CODEC_NAMES[item.codec]} ${item.resolution}`;
    case 'drm':
      return `${label} ${KEY_SYSTEM_NAMES[item.keySystem]}`;
    case 'playback':
      return `${label} ${item.clip}`;
    default:
      return label;
  }
}

/** What a row's findings usually mean, in one language (empty when it has none). */
export function itemMeanings(item: PlaybackCheckItem, lang: 'ko' | 'en'): string[] {
  return item.findings.map((f) => FINDING_TEXTS[f][lang]);
}

/**
 * The audit log's account of a check: the verdict and the rows that need attention, by key and
 * finding — not the measurements (those are in the case record, `playback_checks`).
 */
export const PlaybackCheckSummary = z.object({
  checkId: Id,
  version: z.number(),
  status: OverallStatus,
  counts: z.record(ItemStatus, z.number()),
  /** Failing, unmeasured and warning rows, most urgent first: `key: finding, finding`. */
  attention: z.array(z.string()),
  browser: z.string(),
  durationMs: z.number(),
});
export type PlaybackCheckSummary = z.infer<typeof PlaybackCheckSummary>;

export function summarisePlaybackCheck(checkId: number, result: PlaybackCheckResult): PlaybackCheckSummary {
  const counts: Record<ItemStatus, number> = { fail: 0, error: 0, warn: 0, info: 0, pass: 0 };
  for (const item of result.items) counts[item.status] += 1;
  const attention = byUrgency(result.items)
    .filter((i) => i.status === 'fail' || i.status === 'error' || i.status === 'warn')
    .map((i) => `${itemKey(i)} ${i.status}${i.findings.length ? `: ${i.findings.join(', ')}` : ''}`);
  const browser = result.items.find((i) => i.id === 'browser');
  return {
    checkId,
    version: result.version,
    status: result.status,
    counts,
    attention,
    browser: browser?.summary ?? '',
    durationMs: result.measurements.durationMs,
  };
}

import { z } from 'zod';
import { CLIP_NAMES, CODECS, KEY_SYSTEM_IDS, PLAYBACK_CHECK_VERSION, RESOLUTIONS } from './catalog.js';
import { BrowserInfo, GpuInfo, PlaybackMeasurements } from './measurements.js';
import { Finding, type ItemId } from './texts.js';

/*
 * The evaluated items of the playback check: one row per fact, each with its verdict against the
 * documented thresholds (docs/playback-check.md), a one-line summary and the findings whose
 * meanings (texts.ts) the engineer reads. The set of rows is fixed: a probe that failed still
 * yields its rows, with status `error` and no values.
 */

export const ItemStatus = z.enum(['pass', 'warn', 'fail', 'info', 'error']);
export type ItemStatus = z.infer<typeof ItemStatus>;

const summary = z.string().max(500);
const findings = z.array(Finding).max(10);

/**
 * The two shapes of one item kind: evaluated (with its values) or `error` (values null, the
 * summary says why). `keys` are the fields that tell rows of one kind apart (codec, clip, …).
 */
function itemKind<I extends ItemId, K extends z.ZodRawShape, V extends z.ZodType>(id: I, keys: K, values: V) {
  return z.discriminatedUnion('status', [
    z.strictObject({ id: z.literal(id), ...keys, status: z.enum(['pass', 'warn', 'fail', 'info']), summary, findings, values }),
    z.strictObject({ id: z.literal(id), ...keys, status: z.literal('error'), summary, findings, values: z.null() }),
  ]);
}

const nullableFlag = z.boolean().nullable();
const ms = z.number().finite();

export const BrowserItem = itemKind('browser', {}, BrowserInfo);
export const ScreenItem = itemKind('screen', {}, z.strictObject({ width: z.number(), height: z.number(), pixelRatio: z.number(), physicalWidth: z.number(), physicalHeight: z.number() }));
export const CpuCoresItem = itemKind('cpu_cores', {}, z.strictObject({ logicalCores: z.number().int().nullable() }));
export const DeviceMemoryItem = itemKind('device_memory', {}, z.strictObject({ deviceMemoryGb: z.number().nullable() }));
export const GpuItem = itemKind('gpu', {}, GpuInfo.extend({ software: z.boolean() }));
export const CodecItem = itemKind(
  'codec',
  { codec: z.enum(CODECS), resolution: z.enum(RESOLUTIONS) },
  z.strictObject({ mse: nullableFlag, supported: nullableFlag, smooth: nullableFlag, powerEfficient: nullableFlag }),
);
export const DrmItem = itemKind('drm', { keySystem: z.enum(KEY_SYSTEM_IDS) }, z.strictObject({ available: z.boolean(), name: z.string().max(100), robustness: z.array(z.string().max(50)).max(10) }));
export const HlsItem = itemKind('hls', {}, z.strictObject({ canPlayType: z.enum(['', 'maybe', 'probably']) }));
export const PlaybackItem = itemKind(
  'playback',
  { clip: z.enum(CLIP_NAMES) },
  z.strictObject({
    startupMs: ms,
    stalls: z.number().int(),
    stallMs: ms,
    decodedFrames: z.number().int(),
    droppedFrames: z.number().int(),
    /** Dropped of decoded-or-dropped frames, 0–100; 0 when nothing was decoded. */
    droppedPercent: z.number(),
    expectedFrames: z.number().int(),
    videoWidth: z.number().int(),
    videoHeight: z.number().int(),
  }),
);
export const ThroughputItem = itemKind('throughput', {}, z.strictObject({ mbps: z.number(), bytes: z.number(), ms }));
export const RttItem = itemKind('rtt', {}, z.strictObject({ medianMs: ms.nullable(), minMs: ms.nullable(), jitterMs: ms.nullable(), sent: z.number().int(), answered: z.number().int() }));
/** Positive `skewMs`: the browser's clock is ahead of the server's. */
export const ClockSkewItem = itemKind('clock_skew', {}, z.strictObject({ skewMs: ms, uncertaintyMs: ms }));
export const StorageQuotaItem = itemKind('storage_quota', {}, z.strictObject({ quotaBytes: z.number().nullable(), usageBytes: z.number().nullable(), usagePercent: z.number().nullable() }));
export const StorageAccessItem = itemKind(
  'storage_access',
  {},
  z.strictObject({ cookieEnabled: z.boolean(), localStorage: z.boolean(), sessionStorage: z.boolean(), indexedDB: z.boolean() }),
);

export const PlaybackCheckItem = z.discriminatedUnion('id', [
  BrowserItem,
  ScreenItem,
  CpuCoresItem,
  DeviceMemoryItem,
  GpuItem,
  CodecItem,
  DrmItem,
  HlsItem,
  PlaybackItem,
  ThroughputItem,
  RttItem,
  ClockSkewItem,
  StorageQuotaItem,
  StorageAccessItem,
]);
export type PlaybackCheckItem = z.infer<typeof PlaybackCheckItem>;

/** The fixed number of rows: 5 device rows, 8 codec rows, 4 DRM rows, HLS, 2 clips, 3 network, 2 storage. */
export const ITEM_COUNT = 5 + CODECS.length * RESOLUTIONS.length + KEY_SYSTEM_IDS.length + 1 + CLIP_NAMES.length + 3 + 2;

/** The overall verdict: the worst item (a failed measurement counts below a failed check). */
export const OverallStatus = z.enum(['pass', 'warn', 'error', 'fail']);
export type OverallStatus = z.infer<typeof OverallStatus>;

/** A check as the engineer's view and the case record keep it: measurements and their verdicts. */
export const PlaybackCheckResult = z.strictObject({
  version: z.literal(PLAYBACK_CHECK_VERSION),
  status: OverallStatus,
  items: z.array(PlaybackCheckItem).length(ITEM_COUNT),
  measurements: PlaybackMeasurements,
});
export type PlaybackCheckResult = z.infer<typeof PlaybackCheckResult>;

/** The order the engineer reads items in: failing first, then errors, warnings, facts, passes. */
const URGENCY: Record<ItemStatus, number> = { fail: 0, error: 1, warn: 2, info: 3, pass: 4 };

/** The items sorted failing first; items of equal status keep their catalog order. */
export function byUrgency(items: readonly PlaybackCheckItem[]): PlaybackCheckItem[] {
  return [...items].sort((a, b) => URGENCY[a.status] - URGENCY[b.status]);
}

export function overallStatus(items: readonly PlaybackCheckItem[]): OverallStatus {
  if (items.some((i) => i.status === 'fail')) return 'fail';
  if (items.some((i) => i.status === 'error')) return 'error';
  if (items.some((i) => i.status === 'warn')) return 'warn';
  return 'pass';
}

import { z } from 'zod';
import { IsoDateTime } from '../schemas/common.js';
import { CLIP_NAMES, CODECS, KEY_SYSTEM_IDS, RESOLUTIONS } from './catalog.js';

/*
 * The raw measurements of the video-playback check, as the collector in the end user's browser
 * takes them. Everything here comes from that browser and is untrusted: strings are bounded and
 * rendered as text only, numbers are finite and bounded. The verdicts are not in here; they are
 * computed from this by `evaluatePlaybackCheck` (evaluate.ts), so the thresholds can change
 * without asking the browser again.
 */

const text = (max = 200) => z.string().max(max);
const ms = z.number().finite().min(0).max(3_600_000);
const count = z.number().int().min(0).max(10_000_000);
const bytes = z.number().finite().min(0).max(2 ** 53);
/** An instant on one side's clock, in ms since the epoch. */
const epochMs = z.number().finite().min(0).max(8.64e15);

/**
 * Why a probe gave no measurement: `timeout` (no answer in its time), `unavailable` (the
 * browser lacks the API, e.g. no MediaSource), `refused` (the server refused: bad token, rate
 * limit), `clips_not_built` (the server has no test clips), `aborted` (the check was cancelled),
 * `failed` (anything else; see `reason`).
 */
export const ProbeErrorCode = z.enum(['timeout', 'unavailable', 'refused', 'clips_not_built', 'aborted', 'failed']);
export type ProbeErrorCode = z.infer<typeof ProbeErrorCode>;

export const ProbeError = z.strictObject({ status: z.literal('error'), durationMs: ms, code: ProbeErrorCode, reason: text(500) });
export type ProbeError = z.infer<typeof ProbeError>;

/** One probe's outcome: its data, or why there is none. A probe never fails the whole check. */
const probe = <S extends z.ZodType>(data: S) => z.discriminatedUnion('status', [z.strictObject({ status: z.literal('ok'), durationMs: ms, data }), ProbeError]);

export const BrowserInfo = z.strictObject({
  /** Where name, version and OS version came from: User-Agent Client Hints or the UA string. */
  source: z.enum(['client_hints', 'user_agent']),
  userAgent: text(1000),
  name: text(100),
  version: text(50),
  engine: text(100),
  osName: text(100),
  osVersion: text(100),
  deviceType: z.enum(['desktop', 'mobile', 'tablet', 'tv', 'unknown']),
  model: text(100),
  architecture: text(50),
});
export type BrowserInfo = z.infer<typeof BrowserInfo>;

const pixels = z.number().int().min(0).max(100_000);
export const ScreenInfo = z.strictObject({
  width: pixels,
  height: pixels,
  availWidth: pixels,
  availHeight: pixels,
  pixelRatio: z.number().finite().min(0).max(100),
  colorDepth: z.number().int().min(0).max(128),
  viewportWidth: pixels,
  viewportHeight: pixels,
});
export type ScreenInfo = z.infer<typeof ScreenInfo>;

export const HardwareInfo = z.strictObject({
  /** `navigator.hardwareConcurrency`; null where the browser hides it. */
  logicalCores: z.number().int().min(0).max(4096).nullable(),
  /** `navigator.deviceMemory` (Chromium only, rounded and capped by the browser); null elsewhere. */
  deviceMemoryGb: z.number().finite().min(0).max(4096).nullable(),
});
export type HardwareInfo = z.infer<typeof HardwareInfo>;

export const GpuInfo = z.strictObject({
  api: z.enum(['webgl2', 'webgl', 'none']),
  /** From WEBGL_debug_renderer_info where the browser allows it, else the masked names. */
  vendor: text(300).nullable(),
  renderer: text(300).nullable(),
  unmasked: z.boolean(),
});
export type GpuInfo = z.infer<typeof GpuInfo>;

export const DecodingInfo = z.strictObject({ supported: z.boolean(), smooth: z.boolean(), powerEfficient: z.boolean() });
export type DecodingInfo = z.infer<typeof DecodingInfo>;

export const CodecSupport = z.strictObject({
  codec: z.enum(CODECS),
  resolution: z.enum(RESOLUTIONS),
  contentType: text(100),
  /** `MediaSource.isTypeSupported`; null when the browser has no MediaSource at all. */
  mse: z.boolean().nullable(),
  /** `navigator.mediaCapabilities.decodingInfo` for MSE playback; null when unavailable or it failed. */
  decoding: DecodingInfo.nullable(),
  decodingError: text(300).nullable(),
});
export type CodecSupport = z.infer<typeof CodecSupport>;

export const CodecsInfo = z.strictObject({
  /** Which MSE the browser offers: iOS Safari 17.1+ has only ManagedMediaSource. */
  mediaSource: z.enum(['MediaSource', 'ManagedMediaSource', 'none']),
  mediaCapabilities: z.boolean(),
  results: z.array(CodecSupport).max(CODECS.length * RESOLUTIONS.length),
});
export type CodecsInfo = z.infer<typeof CodecsInfo>;

export const KeySystemSupport = z.strictObject({
  id: z.enum(KEY_SYSTEM_IDS),
  /** The EME name that answered (or the first tried, when none did). */
  keySystem: text(100),
  available: z.boolean(),
  /** The robustness levels granted, weakest first; empty for key systems without levels. */
  robustness: z.array(text(50)).max(10),
  /** Why it is not available (the browser's message), when it is not. */
  reason: text(300).nullable(),
});
export type KeySystemSupport = z.infer<typeof KeySystemSupport>;

export const DrmInfo = z.strictObject({
  /** EME exists only in a secure context (https, or localhost). */
  secureContext: z.boolean(),
  eme: z.boolean(),
  keySystems: z.array(KeySystemSupport).max(KEY_SYSTEM_IDS.length),
});
export type DrmInfo = z.infer<typeof DrmInfo>;

export const HlsInfo = z.strictObject({ canPlayType: z.enum(['', 'maybe', 'probably']) });
export type HlsInfo = z.infer<typeof HlsInfo>;

/** One test clip played through MSE. Times from the start of the clip's download. */
export const PlaybackRun = z.strictObject({
  clip: z.enum(CLIP_NAMES),
  bytes,
  /** The clip's frames as built; what a complete playback decodes. */
  expectedFrames: count,
  firstByteMs: ms,
  /** Until the first frame played (`playing`). */
  startupMs: ms,
  /** `waiting` events after playback started, and the time spent in them. */
  stalls: count,
  stallMs: ms,
  decodedFrames: count,
  droppedFrames: count,
  /** Wall time from the first frame to the end. */
  playedMs: ms,
  videoWidth: pixels,
  videoHeight: pixels,
});
export type PlaybackRun = z.infer<typeof PlaybackRun>;

/** One round trip to `GET /api/check/ping`: client send time (client clock), RTT, server time. */
export const PingSample = z.strictObject({ sentAtMs: epochMs, rttMs: ms, serverTimeMs: epochMs });
export type PingSample = z.infer<typeof PingSample>;

export const LatencyInfo = z.strictObject({ sent: count, samples: z.array(PingSample).max(100) });
export type LatencyInfo = z.infer<typeof LatencyInfo>;

/** Downloads from `GET /api/check/download`, in the order made (a warm-up, then the measurement). */
export const ThroughputInfo = z.strictObject({ downloads: z.array(z.strictObject({ bytes, ms })).min(1).max(8) });
export type ThroughputInfo = z.infer<typeof ThroughputInfo>;

export const StorageEstimate = z.strictObject({ quotaBytes: bytes.nullable(), usageBytes: bytes.nullable(), persisted: z.boolean().nullable() });
export type StorageEstimate = z.infer<typeof StorageEstimate>;

/** Whether a store can be written and read back; `reason` is the browser's refusal. */
export const StoreUsable = z.strictObject({ usable: z.boolean(), reason: text(300).nullable() });
export type StoreUsable = z.infer<typeof StoreUsable>;

export const StorageAccess = z.strictObject({ cookieEnabled: z.boolean(), localStorage: StoreUsable, sessionStorage: StoreUsable, indexedDB: StoreUsable });
export type StorageAccess = z.infer<typeof StorageAccess>;

export const BrowserProbe = probe(BrowserInfo);
export const ScreenProbe = probe(ScreenInfo);
export const HardwareProbe = probe(HardwareInfo);
export const GpuProbe = probe(GpuInfo);
export const CodecsProbe = probe(CodecsInfo);
export const DrmProbe = probe(DrmInfo);
export const HlsProbe = probe(HlsInfo);
export const PlaybackProbe = probe(PlaybackRun);
export const LatencyProbe = probe(LatencyInfo);
export const ThroughputProbe = probe(ThroughputInfo);
export const StorageProbe = probe(StorageEstimate);
export const StorageAccessProbe = probe(StorageAccess);

/** Everything one run of the check measured, probe by probe. */
export const PlaybackMeasurements = z.strictObject({
  version: z.literal(1),
  /** On the browser's clock (which may be off: see the clock-skew item). */
  startedAt: IsoDateTime,
  durationMs: ms,
  browser: BrowserProbe,
  screen: ScreenProbe,
  hardware: HardwareProbe,
  gpu: GpuProbe,
  codecs: CodecsProbe,
  drm: DrmProbe,
  hls: HlsProbe,
  playback: z.strictObject({ '720p': PlaybackProbe, '1080p': PlaybackProbe }),
  latency: LatencyProbe,
  throughput: ThroughputProbe,
  storage: StorageProbe,
  storageAccess: StorageAccessProbe,
});
export type PlaybackMeasurements = z.infer<typeof PlaybackMeasurements>;

/** A probe's outcome for data of type T. */
export type Probe<T> = { status: 'ok'; durationMs: number; data: T } | ProbeError;

/**
 * The limits the playback check's items are judged by. docs/playback-check.md gives the table
 * with the reason for each; change both together. "Below" and "above" are strict: a value equal
 * to the limit is on the good side of it.
 */
export const PLAYBACK_THRESHOLDS = {
  /** HD decoding needs threads: 1 core stutters, 2–3 are tight at 1080p (agent minimum: 2). */
  logicalCores: { failBelow: 2, warnBelow: 4 },
  /** As `navigator.deviceMemory` reports it (rounded down to a power of two by the browser). */
  deviceMemoryGb: { failBelow: 2, warnBelow: 4 },
  /** Physical pixels of the screen's short side: under 720 no HD frame fits unscaled. */
  screenShortSidePx: { warnBelow: 720 },
  /** Dropped of all frames of a test clip, in percent. */
  droppedPercent: { warnAbove: 5, failAbove: 20 },
  /** From the start of the clip's download to its first frame. */
  startupMs: { warnAbove: 3_000, failAbove: 10_000 },
  /** Any stall on a 3-second clip from our own server is worth a look; over 2 s in all is broken. */
  stalls: { warnAbove: 0 },
  stallMs: { failAbove: 2_000 },
  /** Typical lecture streams: 720p at about 2.5 Mbit/s, 1080p at about 5 (agent minimum: 5). */
  throughputMbps: { failBelow: 2.5, warnBelow: 5 },
  /** Median round trip of the pings (agent: ≤ 100 ms). */
  rttMedianMs: { warnAbove: 100, failAbove: 300 },
  /** Pings without an answer, in percent of those sent: any is a warning, a fifth fails. */
  lostPercent: { warnAbove: 0, failFrom: 20 },
  /** |browser clock − server clock|: signed links allow seconds to minutes, TLS hours. */
  clockSkewMs: { warnAbove: 30_000, failAbove: 300_000 },
  /** The RAM-disk case: a 512 MB volume gives a quota of about 300 MB. */
  quotaBytes: { warnBelow: 2 ** 30 },
  usagePercent: { warnAbove: 90 },
} as const;

/** Renderer names of software rasterizers: hardware acceleration is off or has no driver. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/** Browsers that no current player supports. */
export const UNSUPPORTED_BROWSER = /^(internet explorer|ie)$/i;

/** Widevine levels that are software only (L3). */
export const WIDEVINE_SOFTWARE_LEVELS: readonly string[] = ['SW_SECURE_CRYPTO', 'SW_SECURE_DECODE'];

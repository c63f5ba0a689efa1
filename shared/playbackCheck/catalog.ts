/**
 * What the video-playback check measures in the end user's browser: the codecs, resolutions,
 * key systems and test clips it asks about. The collector (viewer/src/check/), the evaluation
 * and the server's clip endpoints all read this one list.
 */

/** The version of the measurement and result schemas; a change of shape bumps it. */
export const PLAYBACK_CHECK_VERSION = 1;

export const CODECS = ['h264', 'hevc', 'vp9', 'av1'] as const;
export type Codec = (typeof CODECS)[number];

export const RESOLUTIONS = ['720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const RESOLUTION_SIZES: Record<Resolution, { width: number; height: number; bitrate: number }> = {
  // Bitrates typical of lecture streams at that size (what a site's player would ask for).
  '720p': { width: 1280, height: 720, bitrate: 2_500_000 },
  '1080p': { width: 1920, height: 1080, bitrate: 5_000_000 },
};

/** Frames per second asked of `decodingInfo`, and of the test clips. */
export const CHECK_FRAMERATE = 30;

/**
 * One representative content type per codec and size: the profile and level a site would use
 * for that resolution (H.264 High 3.1 / 4.0, HEVC Main 3.1 / 4, VP9 profile 0 level 3.1 / 4,
 * AV1 Main level 3.0 / 4.0).
 */
export const CODEC_CONTENT_TYPES: Record<Codec, Record<Resolution, string>> = {
  h264: { '720p': 'video/mp4; codecs="avc1.64001F"', '1080p': 'video/mp4; codecs="avc1.640028"' },
  hevc: { '720p': 'video/mp4; codecs="hvc1.1.6.L93.B0"', '1080p': 'video/mp4; codecs="hvc1.1.6.L120.B0"' },
  vp9: { '720p': 'video/webm; codecs="vp09.00.31.08"', '1080p': 'video/webm; codecs="vp09.00.40.08"' },
  av1: { '720p': 'video/mp4; codecs="av01.0.04M.08"', '1080p': 'video/mp4; codecs="av01.0.08M.08"' },
};

export const KEY_SYSTEM_IDS = ['widevine', 'playready', 'fairplay', 'clearkey'] as const;
export type KeySystemId = (typeof KEY_SYSTEM_IDS)[number];

export interface KeySystemSpec {
  /** The EME names to try, in order; the first that answers is reported. */
  names: readonly string[];
  /** Robustness levels from weakest to strongest; empty where the key system has none. */
  robustness: readonly string[];
}

/**
 * The DRM key systems sites use. PlayReady answers as `…playready.recommendation` in Chromium
 * Edge and as `…playready` in older Edge and IE 11. PlayReady's levels are its security levels
 * (SL150 test, SL2000 software, SL3000 hardware); Widevine's run from L3 (software crypto) to L1
 * (HW_SECURE_ALL: decoding in the GPU's protected path).
 */
export const KEY_SYSTEMS: Record<KeySystemId, KeySystemSpec> = {
  widevine: { names: ['com.widevine.alpha'], robustness: ['SW_SECURE_CRYPTO', 'SW_SECURE_DECODE', 'HW_SECURE_CRYPTO', 'HW_SECURE_DECODE', 'HW_SECURE_ALL'] },
  playready: { names: ['com.microsoft.playready.recommendation', 'com.microsoft.playready'], robustness: ['150', '2000', '3000'] },
  fairplay: { names: ['com.apple.fps', 'com.apple.fps.1_0'], robustness: [] },
  clearkey: { names: ['org.w3.clearkey'], robustness: [] },
};

/** The key systems that protect commercial video; ClearKey protects nothing and is a probe of EME. */
export const COMMERCIAL_KEY_SYSTEMS: readonly KeySystemId[] = ['widevine', 'playready', 'fairplay'];

/** The content type native HLS support is asked about. */
export const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

/** The test clips the server serves (made by `npm run build:clips`): H.264 in fragmented MP4. */
export const CLIP_NAMES = ['720p', '1080p'] as const;
export type ClipName = (typeof CLIP_NAMES)[number];

/** The clip's file name, under `/check/` on the server. */
export const clipFileName = (name: ClipName) => `clip-${name}.mp4`;

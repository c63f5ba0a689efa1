import { CHECK_FRAMERATE, CODEC_CONTENT_TYPES, CODECS, HLS_CONTENT_TYPE, RESOLUTIONS, RESOLUTION_SIZES, type Codec, type Resolution } from '../../../shared/playbackCheck/catalog.js';
import type { CodecsInfo, CodecSupport, HlsInfo } from '../../../shared/playbackCheck/measurements.js';
import { clip, describeError, within } from './probe.js';

/** iOS Safari 17.1+ offers MSE only as ManagedMediaSource; it is not in TypeScript's DOM types yet. */
type MediaSourceClass = Pick<typeof MediaSource, 'isTypeSupported'> & (new () => MediaSource);
type WithManaged = typeof globalThis & { ManagedMediaSource?: MediaSourceClass };

/** The browser's MediaSource, if it has one, and which one it is. */
export function mediaSourceClass(): { kind: CodecsInfo['mediaSource']; Class: MediaSourceClass | null } {
  if (typeof MediaSource !== 'undefined') return { kind: 'MediaSource', Class: MediaSource };
  const managed = (globalThis as WithManaged).ManagedMediaSource;
  return managed ? { kind: 'ManagedMediaSource', Class: managed } : { kind: 'none', Class: null };
}

const DECODING_INFO_MS = 3000;

async function decodingInfo(codec: Codec, resolution: Resolution): Promise<Pick<CodecSupport, 'decoding' | 'decodingError'>> {
  if (!('mediaCapabilities' in navigator)) return { decoding: null, decodingError: null };
  const { width, height, bitrate } = RESOLUTION_SIZES[resolution];
  try {
    const info = await within(
      navigator.mediaCapabilities.decodingInfo({ type: 'media-source', video: { contentType: CODEC_CONTENT_TYPES[codec][resolution], width, height, bitrate, framerate: CHECK_FRAMERATE } }),
      DECODING_INFO_MS,
      () => null,
    );
    if (!info) return { decoding: null, decodingError: `no answer within ${DECODING_INFO_MS / 1000} s` };
    return { decoding: { supported: info.supported, smooth: info.smooth, powerEfficient: info.powerEfficient }, decodingError: null };
  } catch (error) {
    return { decoding: null, decodingError: clip(describeError(error), 300) };
  }
}

/** Every codec at every size: MSE's `isTypeSupported` and `decodingInfo` (supported, smooth, power-efficient). */
export async function measureCodecs(): Promise<CodecsInfo> {
  const { kind, Class } = mediaSourceClass();
  const pairs = CODECS.flatMap((codec) => RESOLUTIONS.map((resolution) => ({ codec, resolution })));
  const results = await Promise.all(
    pairs.map(async ({ codec, resolution }): Promise<CodecSupport> => {
      const contentType = CODEC_CONTENT_TYPES[codec][resolution];
      return { codec, resolution, contentType, mse: Class ? Class.isTypeSupported(contentType) : null, ...(await decodingInfo(codec, resolution)) };
    }),
  );
  return { mediaSource: kind, mediaCapabilities: 'mediaCapabilities' in navigator, results };
}

/** Native HLS in the video element (Safari; recent Chromium on some systems). */
export function measureHls(): HlsInfo {
  const answer = document.createElement('video').canPlayType(HLS_CONTENT_TYPE);
  return { canPlayType: answer === 'maybe' || answer === 'probably' ? answer : '' };
}

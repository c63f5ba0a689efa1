import type { LinkSample } from './adapt.js';

/** One entry of an `RTCStatsReport`, as wrtc gives it (the fields we read are checked here). */
export type StatsEntry = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The link as one peer connection's statistics describe it: the congestion controller's
 * estimate on the pair in use (`availableOutgoingBitrate`), the loss the viewer reports
 * (`remote-inbound-rtp.fractionLost`) and the frames per second the video encoder really sent.
 * Null until the connection has a pair in use and has sent video.
 */
export function linkFromStats(entries: Iterable<StatsEntry>, fedFps: number): LinkSample | null {
  const list = [...entries];
  const selectedId = list.find((s) => s['type'] === 'transport' && typeof s['selectedCandidatePairId'] === 'string')?.['selectedCandidatePairId'];
  const pair = list.find((s) => s['type'] === 'candidate-pair' && (selectedId ? s['id'] === selectedId : s['nominated'] === true && s['state'] === 'succeeded'));
  const video = (type: string) => list.find((s) => s['type'] === type && (s['kind'] ?? s['mediaType']) === 'video');
  const outbound = video('outbound-rtp');
  if (!pair || !outbound) return null;
  return {
    availableBitrate: num(pair['availableOutgoingBitrate']),
    loss: num(video('remote-inbound-rtp')?.['fractionLost']) ?? 0,
    sentFps: num(outbound['framesPerSecond']) ?? 0,
    fedFps,
  };
}

/** Of several viewers' links, the one the shared capture must fit: the least bitrate, the most loss. */
export function worstLink(samples: LinkSample[]): LinkSample | null {
  if (samples.length === 0) return null;
  const known = samples.map((s) => s.availableBitrate).filter((b): b is number => b !== null);
  return {
    availableBitrate: known.length > 0 ? Math.min(...known) : null,
    loss: Math.max(...samples.map((s) => s.loss)),
    sentFps: Math.min(...samples.map((s) => s.sentFps)),
    fedFps: samples[0]!.fedFps,
  };
}

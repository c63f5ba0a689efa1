import { CODECS, COMMERCIAL_KEY_SYSTEMS, KEY_SYSTEM_IDS, RESOLUTIONS, type ClipName, type Codec, type KeySystemId, type Resolution } from './catalog.js';
import type { PlaybackCheckItem } from './items.js';
import type { CodecsInfo, CodecSupport, DrmInfo, KeySystemSupport, PlaybackMeasurements } from './measurements.js';
import { PLAYBACK_THRESHOLDS as T, WIDEVINE_SOFTWARE_LEVELS } from './thresholds.js';
import { Judgement, errorItem, evaluated, round } from './evaluateParts.js';

type M = PlaybackMeasurements;

const CODEC_NAMES: Record<Codec, string> = { h264: 'H.264', hevc: 'HEVC', vp9: 'VP9', av1: 'AV1' };
const KEY_SYSTEM_NAMES: Record<KeySystemId, string> = { widevine: 'Widevine', playready: 'PlayReady', fairplay: 'FairPlay', clearkey: 'ClearKey' };
const yesNo = (flag: boolean | null, yes: string, no: string) => (flag === null ? null : flag ? yes : no);

/** Whether the browser can play H.264 without MSE: native HLS (iPhones before iOS 17.1). */
const nativeHls = (m: M) => m.hls.status === 'ok' && m.hls.data.canPlayType !== '';

function codecRow(entry: CodecSupport, info: CodecsInfo, hlsFallback: boolean): PlaybackCheckItem {
  const keys = { codec: entry.codec, resolution: entry.resolution };
  const supported = entry.decoding?.supported ?? null;
  const smooth = entry.decoding?.smooth ?? null;
  const powerEfficient = entry.decoding?.powerEfficient ?? null;
  // Playable: MSE takes the type and decodingInfo (where the browser has it) does not contradict.
  const playable = entry.mse === true && supported !== false;
  const required = entry.codec === 'h264';
  const viaHls = !playable && required && info.mediaSource === 'none' && hlsFallback;
  const judgement = new Judgement(playable ? 'pass' : 'info');
  if (!playable && !viaHls) judgement.add(required ? 'fail' : 'info', required ? 'h264_unsupported' : 'codec_unsupported');
  if (playable && smooth === false) judgement.add('warn', 'codec_not_smooth');
  if (playable && powerEfficient === false) judgement.add('pass', 'codec_not_power_efficient');
  const facts = [
    entry.mse === null ? 'no MSE' : `MSE ${entry.mse ? 'yes' : 'no'}`,
    entry.decoding ? yesNo(supported, 'decodable', 'not decodable') : `decodingInfo ${entry.decodingError ? `failed: ${entry.decodingError}` : 'unavailable'}`,
    playable ? yesNo(smooth, 'smooth', 'not smooth') : null,
    playable ? yesNo(powerEfficient, 'power-efficient', 'not power-efficient') : null,
    viaHls ? 'plays through native HLS' : null,
  ].filter(Boolean);
  return evaluated('codec', keys, judgement, `${CODEC_NAMES[entry.codec]} ${entry.resolution}: ${facts.join(', ')}`, { mse: entry.mse, supported, smooth, powerEfficient });
}

/** One row per codec and resolution, H.264 first. */
export function codecItems(m: M): PlaybackCheckItem[] {
  const rows: PlaybackCheckItem[] = [];
  for (const codec of CODECS) {
    for (const resolution of RESOLUTIONS) {
      rows.push(codecItem(m, codec, resolution));
    }
  }
  return rows;
}

function codecItem(m: M, codec: Codec, resolution: Resolution): PlaybackCheckItem {
  const probe = m.codecs;
  if (probe.status === 'error') return errorItem('codec', { codec, resolution }, probe);
  const entry = probe.data.results.find((r) => r.codec === codec && r.resolution === resolution);
  if (!entry) return errorItem('codec', { codec, resolution }, { code: 'failed', reason: 'the collector did not report this codec' });
  return codecRow(entry, probe.data, nativeHls(m));
}

function keySystemRow(entry: KeySystemSupport, drm: DrmInfo): PlaybackCheckItem {
  const anyCommercial = drm.keySystems.some((k) => k.available && COMMERCIAL_KEY_SYSTEMS.includes(k.id));
  const judgement = new Judgement(entry.available ? 'pass' : 'info');
  if (entry.available) {
    if (entry.id === 'widevine' && entry.robustness.length > 0 && entry.robustness.every((r) => WIDEVINE_SOFTWARE_LEVELS.includes(r))) judgement.add('pass', 'widevine_software_only');
  } else {
    if (!drm.eme) judgement.add('info', 'eme_unavailable');
    if (entry.id === 'widevine') judgement.add(anyCommercial ? 'warn' : 'fail', anyCommercial ? 'no_widevine' : 'no_commercial_drm');
    else if (entry.id === 'playready') judgement.add('info', 'no_playready');
    else if (entry.id === 'fairplay') judgement.add('info', 'no_fairplay');
    else judgement.add('warn', drm.eme ? 'no_clearkey' : 'eme_unavailable');
  }
  const name = KEY_SYSTEM_NAMES[entry.id];
  const summary = entry.available
    ? `${name} available${entry.robustness.length ? `: ${entry.robustness.join(', ')}` : ''}`
    : `${name} not available${drm.eme ? (entry.reason ? ` (${entry.reason})` : '') : ' (no EME on this page)'}`;
  return evaluated('drm', { keySystem: entry.id }, judgement, summary, { available: entry.available, name: entry.keySystem, robustness: entry.robustness });
}

export function drmItems(m: M): PlaybackCheckItem[] {
  return KEY_SYSTEM_IDS.map((keySystem) => {
    const probe = m.drm;
    if (probe.status === 'error') return errorItem('drm', { keySystem }, probe);
    const entry = probe.data.keySystems.find((k) => k.id === keySystem);
    if (!entry) return errorItem('drm', { keySystem }, { code: 'failed', reason: 'the collector did not report this key system' });
    return keySystemRow(entry, probe.data);
  });
}

export function hlsItem(m: M): PlaybackCheckItem {
  const probe = m.hls;
  if (probe.status === 'error') return errorItem('hls', {}, probe);
  const answer = probe.data.canPlayType;
  const judgement = new Judgement(answer === '' ? 'info' : 'pass');
  const noMse = m.codecs.status === 'ok' && m.codecs.data.mediaSource === 'none';
  if (answer === '') judgement.add(noMse ? 'fail' : 'info', noMse ? 'no_streaming' : 'no_native_hls');
  const summary = answer === '' ? `no native HLS${noMse ? ' and no MSE' : ''}` : `native HLS: ${answer}`;
  return evaluated('hls', {}, judgement, summary, { canPlayType: answer });
}

export function playbackItem(m: M, clip: ClipName): PlaybackCheckItem {
  const probe = m.playback[clip];
  if (probe.status === 'error') return errorItem('playback', { clip }, probe);
  const p = probe.data;
  const droppedPercent = p.decodedFrames > 0 ? (p.droppedFrames / p.decodedFrames) * 100 : 0;
  const judgement = new Judgement();
  if (p.decodedFrames === 0) judgement.add('fail', 'nothing_decoded');
  if (droppedPercent > T.droppedPercent.failAbove) judgement.add('fail', 'dropped_frames_severe');
  else if (droppedPercent > T.droppedPercent.warnAbove) judgement.add('warn', 'dropped_frames');
  if (p.startupMs > T.startupMs.failAbove) judgement.add('fail', 'very_slow_startup');
  else if (p.startupMs > T.startupMs.warnAbove) judgement.add('warn', 'slow_startup');
  if (p.stallMs > T.stallMs.failAbove) judgement.add('fail', 'long_stalls');
  else if (p.stalls > T.stalls.warnAbove) judgement.add('warn', 'stalls');
  const summary =
    `${clip}: first frame after ${Math.round(p.startupMs)} ms, ${p.decodedFrames} frames decoded, ${p.droppedFrames} dropped (${round(droppedPercent)} %), ` +
    `${p.stalls} stall${p.stalls === 1 ? '' : 's'}${p.stalls ? ` (${Math.round(p.stallMs)} ms)` : ''}`;
  return evaluated('playback', { clip }, judgement, summary, {
    startupMs: p.startupMs,
    stalls: p.stalls,
    stallMs: p.stallMs,
    decodedFrames: p.decodedFrames,
    droppedFrames: p.droppedFrames,
    droppedPercent: round(droppedPercent, 2),
    expectedFrames: p.expectedFrames,
    videoWidth: p.videoWidth,
    videoHeight: p.videoHeight,
  });
}

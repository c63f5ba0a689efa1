import type { PlaybackCheckItem } from './items.js';
import type { PingSample, PlaybackMeasurements } from './measurements.js';
import { PLAYBACK_THRESHOLDS as T } from './thresholds.js';
import { Judgement, errorItem, evaluated, round } from './evaluateParts.js';
import { jitter } from '../roundTrips.js';

type M = PlaybackMeasurements;

/** Megabits per second of a download; a sub-millisecond time counts as one millisecond. */
export const mbps = (bytes: number, ms: number) => (bytes * 8) / 1e6 / (Math.max(ms, 1) / 1000);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function throughputItem(probe: M['throughput']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('throughput', {}, probe);
  // The largest download is the measurement; the smaller one before it only warmed up the line.
  const measured = probe.data.downloads.reduce((a, d) => (d.bytes > a.bytes ? d : a));
  const rate = mbps(measured.bytes, measured.ms);
  const judgement = new Judgement();
  if (rate < T.throughputMbps.failBelow) judgement.add('fail', 'throughput_too_low');
  else if (rate < T.throughputMbps.warnBelow) judgement.add('warn', 'throughput_low');
  const summary = `${round(rate)} Mbit/s (${round(measured.bytes / 2 ** 20, 2)} MiB in ${Math.round(measured.ms)} ms)`;
  return evaluated('throughput', {}, judgement, summary, { mbps: round(rate, 2), bytes: measured.bytes, ms: measured.ms });
}

export function rttItem(probe: M['latency']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('rtt', {}, probe);
  const { sent, samples } = probe.data;
  const rtts = samples.map((s) => s.rttMs);
  const medianMs = median(rtts);
  const lost = Math.max(0, sent - samples.length);
  const lostPercent = sent > 0 ? (lost / sent) * 100 : 100;
  const judgement = new Judgement();
  if (medianMs === null || medianMs > T.rttMedianMs.failAbove) judgement.add('fail', 'rtt_very_high');
  else if (medianMs > T.rttMedianMs.warnAbove) judgement.add('warn', 'rtt_high');
  if (lostPercent >= T.lostPercent.failFrom) judgement.add('fail', 'requests_lost_many');
  else if (lostPercent > T.lostPercent.warnAbove) judgement.add('warn', 'requests_lost');
  const jitterMs = jitter(rtts);
  const summary =
    medianMs === null
      ? `no answer to ${sent} pings`
      : `median ${round(medianMs)} ms, min ${round(Math.min(...rtts))} ms, jitter ${round(jitterMs ?? 0)} ms, ${lost} of ${sent} unanswered`;
  return evaluated('rtt', {}, judgement, summary, {
    medianMs: medianMs === null ? null : round(medianMs, 2),
    minMs: rtts.length ? Math.min(...rtts) : null,
    jitterMs: jitterMs === null ? null : round(jitterMs, 2),
    sent,
    answered: samples.length,
  });
}

/**
 * The browser's clock minus the server's, NTP style: from the ping with the shortest round trip,
 * the server's time is taken to be the browser's at half the round trip, ± that half.
 */
export function clockSkew(samples: readonly PingSample[]): { skewMs: number; uncertaintyMs: number } | null {
  const best = samples.reduce<PingSample | null>((a, s) => (!a || s.rttMs < a.rttMs ? s : a), null);
  if (!best) return null;
  return { skewMs: best.sentAtMs + best.rttMs / 2 - best.serverTimeMs, uncertaintyMs: best.rttMs / 2 };
}

export function clockSkewItem(probe: M['latency']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('clock_skew', {}, probe);
  const skew = clockSkew(probe.data.samples);
  if (!skew) return errorItem('clock_skew', {}, { code: 'failed', reason: 'no ping was answered, so the server time is unknown' });
  const off = Math.abs(skew.skewMs);
  const judgement = new Judgement();
  if (off > T.clockSkewMs.failAbove) judgement.add('fail', 'clock_far_off');
  else if (off > T.clockSkewMs.warnAbove) judgement.add('warn', 'clock_off');
  const direction = skew.skewMs >= 0 ? 'ahead of' : 'behind';
  const summary = `the browser's clock is ${formatDuration(off)} ${direction} the server's (± ${Math.round(skew.uncertaintyMs)} ms)`;
  return evaluated('clock_skew', {}, judgement, summary, { skewMs: round(skew.skewMs), uncertaintyMs: round(skew.uncertaintyMs) });
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

const formatBytes = (n: number) => (n >= 2 ** 30 ? `${round(n / 2 ** 30)} GiB` : `${round(n / 2 ** 20)} MiB`);

export function storageQuotaItem(probe: M['storage']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('storage_quota', {}, probe);
  const { quotaBytes, usageBytes } = probe.data;
  const usagePercent = quotaBytes && usageBytes !== null ? (usageBytes / quotaBytes) * 100 : null;
  const judgement = new Judgement(quotaBytes === null ? 'info' : 'pass');
  if (quotaBytes === null) judgement.add('info', 'quota_unknown');
  else if (quotaBytes < T.quotaBytes.warnBelow) judgement.add('warn', 'quota_small');
  if (usagePercent !== null && usagePercent > T.usagePercent.warnAbove) judgement.add('warn', 'storage_nearly_full');
  const summary = quotaBytes === null ? 'quota not told by the browser' : `quota ${formatBytes(quotaBytes)}, ${formatBytes(usageBytes ?? 0)} used`;
  return evaluated('storage_quota', {}, judgement, summary, { quotaBytes, usageBytes, usagePercent: usagePercent === null ? null : round(usagePercent, 2) });
}

export function storageAccessItem(probe: M['storageAccess']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('storage_access', {}, probe);
  const a = probe.data;
  const stores = { localStorage: a.localStorage.usable, sessionStorage: a.sessionStorage.usable, indexedDB: a.indexedDB.usable };
  const blocked = Object.entries(stores)
    .filter(([, usable]) => !usable)
    .map(([name]) => name);
  const judgement = new Judgement();
  if (!a.cookieEnabled) judgement.add('fail', 'cookies_disabled');
  if (blocked.length) judgement.add('warn', 'storage_blocked');
  const summary = `cookies ${a.cookieEnabled ? 'on' : 'off'}; ${blocked.length ? `blocked: ${blocked.join(', ')}` : 'localStorage, sessionStorage and IndexedDB usable'}`;
  return evaluated('storage_access', {}, judgement, summary, { cookieEnabled: a.cookieEnabled, ...stores });
}

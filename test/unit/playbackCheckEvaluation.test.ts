import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_SYSTEM_IDS } from '../../shared/playbackCheck/catalog.js';
import { evaluatePlaybackCheck, playbackCheckResult } from '../../shared/playbackCheck/evaluate.js';
import { byUrgency, ITEM_COUNT, overallStatus, PlaybackCheckItem, PlaybackCheckResult } from '../../shared/playbackCheck/items.js';
import { PlaybackMeasurements, type CodecSupport, type KeySystemSupport } from '../../shared/playbackCheck/measurements.js';
import { FINDING_TEXTS, ITEM_LABELS } from '../../shared/playbackCheck/texts.js';
import { PLAYBACK_THRESHOLDS as T } from '../../shared/playbackCheck/thresholds.js';
import { BASE, codec, failed, findingsOf, healthy, itemOf, keySystem, ok, pings, run, statusOf, with_ } from '../support/playbackMeasurements.js';
import { ROOT } from '../support/processes.js';

describe('the playback check evaluation', () => {
  it('gives the fixed set of rows, each valid by the schema, and passes a healthy PC', () => {
    const result = playbackCheckResult(healthy());
    expect(PlaybackCheckResult.parse(result)).toEqual(result);
    expect(result.items).toHaveLength(ITEM_COUNT);
    expect(result.items.map((i) => i.id)).toEqual([
      'browser', 'screen', 'cpu_cores', 'device_memory', 'gpu',
      ...Array(8).fill('codec'), ...Array(4).fill('drm'), 'hls', 'playback', 'playback',
      'throughput', 'rtt', 'clock_skew', 'storage_quota', 'storage_access',
    ]);
    expect(result.items.filter((i) => i.status !== 'pass' && i.status !== 'info').map((i) => [i.id, i.status, i.findings])).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('turns every failed probe into error rows that say why, and still lists every row', () => {
    const m = with_((x) => {
      for (const key of ['browser', 'screen', 'hardware', 'gpu', 'codecs', 'drm', 'hls', 'latency', 'throughput', 'storage', 'storageAccess'] as const) x[key] = failed('timeout', 'no answer within 3 s');
      x.playback['720p'] = failed('clips_not_built', 'CHECK_CLIPS_NOT_BUILT: not built');
      x.playback['1080p'] = failed('refused', 'SESSION_ENDED: over');
    });
    const items = evaluatePlaybackCheck(m);
    expect(items).toHaveLength(ITEM_COUNT);
    expect(items.every((i) => i.status === 'error' && i.values === null)).toBe(true);
    expect(itemOf(m, 'gpu')).toMatchObject({ summary: 'not measured: no answer within 3 s', findings: ['probe_timed_out'] });
    expect(findingsOf(m, 'playback', { clip: '720p' })).toEqual(['clips_not_built']);
    expect(findingsOf(m, 'playback', { clip: '1080p' })).toEqual(['probe_refused']);
    expect(items.filter((i) => i.id === 'codec').map((i) => i.id === 'codec' && `${i.codec}/${i.resolution}`)).toHaveLength(8);
    expect(overallStatus(items)).toBe('error');
  });

  describe('device', () => {
    it.each([
      [null, 'info', ['cores_hidden']],
      [1, 'fail', ['cpu_too_few_cores']],
      [T.logicalCores.failBelow, 'warn', ['cpu_few_cores']],
      [3, 'warn', ['cpu_few_cores']],
      [T.logicalCores.warnBelow, 'pass', []],
    ] as const)('judges %s logical cores as %s', (cores, status, findings) => {
      const m = with_((x) => {
        if (x.hardware.status === 'ok') x.hardware.data.logicalCores = cores;
      });
      expect([statusOf(m, 'cpu_cores'), findingsOf(m, 'cpu_cores')]).toEqual([status, findings]);
    });

    it.each([
      [null, 'info', ['memory_hidden']],
      [1, 'fail', ['memory_too_low']],
      [1.99, 'fail', ['memory_too_low']],
      [T.deviceMemoryGb.failBelow, 'warn', ['memory_low']],
      [3.99, 'warn', ['memory_low']],
      [T.deviceMemoryGb.warnBelow, 'pass', []],
    ] as const)('judges %s GB of device memory as %s', (gb, status, findings) => {
      const m = with_((x) => {
        if (x.hardware.status === 'ok') x.hardware.data.deviceMemoryGb = gb;
      });
      expect([statusOf(m, 'device_memory'), findingsOf(m, 'device_memory')]).toEqual([status, findings]);
    });

    it.each([
      [{ width: 1280, height: 719, pixelRatio: 1 }, 'warn'],
      [{ width: 1280, height: 720, pixelRatio: 1 }, 'pass'],
      [{ width: 412, height: 915, pixelRatio: 2.625 }, 'pass'],
      [{ width: 360, height: 640, pixelRatio: 1.5 }, 'warn'],
    ])('judges the screen %o by its physical short side: %s', (size, status) => {
      const m = with_((x) => {
        if (x.screen.status === 'ok') Object.assign(x.screen.data, size);
      });
      expect(statusOf(m, 'screen')).toBe(status);
    });

    it.each([
      ['webgl2', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'warn', ['software_rendering']],
      ['webgl', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'warn', ['software_rendering']],
      ['webgl2', 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'warn', ['software_rendering']],
      ['none', null, 'warn', ['no_webgl']],
      ['webgl2', 'Apple GPU', 'pass', []],
      ['webgl2', null, 'pass', []],
    ] as const)('judges WebGL %s with renderer %s as %s', (api, renderer, status, findings) => {
      const m = with_((x) => {
        if (x.gpu.status === 'ok') Object.assign(x.gpu.data, { api, renderer });
      });
      expect([statusOf(m, 'gpu'), findingsOf(m, 'gpu')]).toEqual([status, findings]);
    });

    it('fails Internet Explorer and informs about every other browser', () => {
      const ie = with_((x) => {
        if (x.browser.status === 'ok') Object.assign(x.browser.data, { name: 'Internet Explorer', version: '11.0', source: 'user_agent' });
      });
      expect([statusOf(ie, 'browser'), findingsOf(ie, 'browser')]).toEqual(['fail', ['browser_unsupported']]);
      expect(itemOf(healthy(), 'browser')).toMatchObject({ status: 'info', summary: 'Google Chrome 131.0.6778.86 on Windows 11 (desktop)' });
    });
  });

  describe('codecs', () => {
    const setCodec = (c: CodecSupport['codec'], r: CodecSupport['resolution'], over: Partial<CodecSupport>) =>
      with_((x) => {
        if (x.codecs.status !== 'ok') return;
        const i = x.codecs.data.results.findIndex((e) => e.codec === c && e.resolution === r);
        x.codecs.data.results[i] = codec(c, r, over);
      });

    it('fails H.264 that MSE refuses, or that decodingInfo says cannot be decoded', () => {
      expect(findingsOf(setCodec('h264', '1080p', { mse: false }), 'codec', { codec: 'h264', resolution: '1080p' })).toEqual(['h264_unsupported']);
      expect(statusOf(setCodec('h264', '1080p', { mse: false }), 'codec', { codec: 'h264', resolution: '1080p' })).toBe('fail');
      expect(statusOf(setCodec('h264', '720p', { decoding: { supported: false, smooth: false, powerEfficient: false } }), 'codec', { codec: 'h264', resolution: '720p' })).toBe('fail');
      expect(statusOf(setCodec('h264', '720p', { mse: true, decoding: null }), 'codec', { codec: 'h264', resolution: '720p' })).toBe('pass');
    });

    it('warns about a codec that will not play smoothly and notes software decoding without a warning', () => {
      const rough = setCodec('h264', '1080p', { decoding: { supported: true, smooth: false, powerEfficient: false } });
      expect(itemOf(rough, 'codec', { codec: 'h264', resolution: '1080p' })).toMatchObject({ status: 'warn', findings: ['codec_not_smooth', 'codec_not_power_efficient'] });
      const software = setCodec('vp9', '720p', { decoding: { supported: true, smooth: true, powerEfficient: false } });
      expect(itemOf(software, 'codec', { codec: 'vp9', resolution: '720p' })).toMatchObject({ status: 'pass', findings: ['codec_not_power_efficient'] });
    });

    it('only informs about HEVC, VP9 and AV1 a browser lacks', () => {
      for (const c of ['hevc', 'vp9', 'av1'] as const) {
        const m = setCodec(c, '720p', { mse: false, decoding: { supported: false, smooth: false, powerEfficient: false } });
        expect([statusOf(m, 'codec', { codec: c, resolution: '720p' }), findingsOf(m, 'codec', { codec: c, resolution: '720p' })]).toEqual(['info', ['codec_unsupported']]);
      }
    });

    it('does not fail H.264 on a browser without MSE that plays it through native HLS (older iPhones)', () => {
      const oldIphone = with_((x) => {
        if (x.codecs.status !== 'ok') return;
        x.codecs.data.mediaSource = 'none';
        x.codecs.data.results = x.codecs.data.results.map((e) => ({ ...e, mse: null }));
      });
      expect(itemOf(oldIphone, 'codec', { codec: 'h264', resolution: '720p' })).toMatchObject({ status: 'info', findings: [] });
      const noHlsEither = with_((x) => {
        if (x.codecs.status !== 'ok' || x.hls.status !== 'ok') return;
        x.codecs.data.mediaSource = 'none';
        x.codecs.data.results = x.codecs.data.results.map((e) => ({ ...e, mse: null }));
        x.hls.data.canPlayType = '';
      });
      expect(statusOf(noHlsEither, 'codec', { codec: 'h264', resolution: '720p' })).toBe('fail');
      expect([statusOf(noHlsEither, 'hls'), findingsOf(noHlsEither, 'hls')]).toEqual(['fail', ['no_streaming']]);
    });

    it('informs about a missing native HLS when MSE is there', () => {
      const m = with_((x) => {
        if (x.hls.status === 'ok') x.hls.data.canPlayType = '';
      });
      expect([statusOf(m, 'hls'), findingsOf(m, 'hls')]).toEqual(['info', ['no_native_hls']]);
    });
  });

  describe('DRM', () => {
    const drm = (systems: Array<[KeySystemSupport['id'], boolean, string[]?]>, eme = true) =>
      with_((x) => {
        x.drm = ok({ secureContext: true, eme, keySystems: systems.map(([id, available, levels]) => keySystem(id, available, levels)) });
      });
    const rows = (m: PlaybackMeasurements) => Object.fromEntries(KEY_SYSTEM_IDS.map((k) => [k, [statusOf(m, 'drm', { keySystem: k }), findingsOf(m, 'drm', { keySystem: k })]]));

    it('fails Widevine when no commercial DRM is there at all: the site’s DRM video cannot play', () => {
      expect(rows(drm([['widevine', false], ['playready', false], ['fairplay', false], ['clearkey', true]]))).toEqual({
        widevine: ['fail', ['no_commercial_drm']],
        playready: ['info', ['no_playready']],
        fairplay: ['info', ['no_fairplay']],
        clearkey: ['pass', []],
      });
    });

    it('warns about a missing Widevine when another commercial DRM is there (Safari with FairPlay)', () => {
      expect(rows(drm([['widevine', false], ['playready', false], ['fairplay', true], ['clearkey', true]]))['widevine']).toEqual(['warn', ['no_widevine']]);
      expect(rows(drm([['widevine', false], ['playready', true, ['2000']], ['fairplay', false], ['clearkey', true]]))['widevine']).toEqual(['warn', ['no_widevine']]);
    });

    it('notes Widevine in software only (L3) and passes hardware Widevine', () => {
      expect(rows(drm([['widevine', true, ['SW_SECURE_CRYPTO', 'SW_SECURE_DECODE']], ['playready', false], ['fairplay', false], ['clearkey', true]]))['widevine']).toEqual(['pass', ['widevine_software_only']]);
      expect(rows(healthy())['widevine']).toEqual(['pass', []]);
    });

    it('warns when not even ClearKey is there, and says when EME is missing on the page', () => {
      expect(rows(drm([['widevine', true, ['SW_SECURE_CRYPTO']], ['playready', false], ['fairplay', false], ['clearkey', false]]))['clearkey']).toEqual(['warn', ['no_clearkey']]);
      const noEme = rows(drm([['widevine', false], ['playready', false], ['fairplay', false], ['clearkey', false]], false));
      expect(noEme).toEqual({
        widevine: ['fail', ['eme_unavailable', 'no_commercial_drm']],
        playready: ['info', ['eme_unavailable', 'no_playready']],
        fairplay: ['info', ['eme_unavailable', 'no_fairplay']],
        clearkey: ['warn', ['eme_unavailable']],
      });
    });
  });

  describe('the playback test', () => {
    const clip = (over: Parameters<typeof run>[0]) =>
      with_((x) => {
        x.playback['720p'] = ok({ clip: '720p', ...run(over) });
      });
    const judged = (over: Parameters<typeof run>[0]) => {
      const item = itemOf(clip(over), 'playback', { clip: '720p' });
      return [item.status, item.findings];
    };

    it.each([
      [{ decodedFrames: 100, droppedFrames: 5 }, 'pass', []],
      [{ decodedFrames: 10_000, droppedFrames: 501 }, 'warn', ['dropped_frames']],
      [{ decodedFrames: 100, droppedFrames: 20 }, 'warn', ['dropped_frames']],
      [{ decodedFrames: 10_000, droppedFrames: 2001 }, 'fail', ['dropped_frames_severe']],
    ])('judges dropped frames %o at the 5 % and 20 % limits: %s', (frames, status, findings) => {
      expect(judged(frames)).toEqual([status, findings]);
    });

    it.each([
      [T.startupMs.warnAbove, 'pass', []],
      [T.startupMs.warnAbove + 1, 'warn', ['slow_startup']],
      [T.startupMs.failAbove, 'warn', ['slow_startup']],
      [T.startupMs.failAbove + 1, 'fail', ['very_slow_startup']],
    ])('judges a first frame after %s ms as %s', (startupMs, status, findings) => {
      expect(judged({ startupMs })).toEqual([status, findings]);
    });

    it.each([
      [{ stalls: 0, stallMs: 0 }, 'pass', []],
      [{ stalls: 1, stallMs: 50 }, 'warn', ['stalls']],
      [{ stalls: 3, stallMs: T.stallMs.failAbove }, 'warn', ['stalls']],
      [{ stalls: 1, stallMs: T.stallMs.failAbove + 1 }, 'fail', ['long_stalls']],
    ])('judges stalls %o as %s', (stalls, status, findings) => {
      expect(judged(stalls)).toEqual([status, findings]);
    });

    it('fails a clip that decoded nothing, and reports every problem of one clip together', () => {
      expect(judged({ decodedFrames: 0, droppedFrames: 0 })).toEqual(['fail', ['nothing_decoded']]);
      expect(judged({ decodedFrames: 90, droppedFrames: 10, startupMs: 4000, stalls: 1, stallMs: 300 })).toEqual(['warn', ['dropped_frames', 'slow_startup', 'stalls']]);
      expect(itemOf(clip({ decodedFrames: 90, droppedFrames: 9 }), 'playback', { clip: '720p' }).summary).toBe('720p: first frame after 200 ms, 90 frames decoded, 9 dropped (10 %), 0 stalls');
    });
  });

  describe('network', () => {
    const throughput = (bytes: number, ms: number) =>
      with_((x) => {
        x.throughput = ok({ downloads: [{ bytes: 1000, ms: 1 }, { bytes, ms }] });
      });
    // bytes for a rate over one second: Mbit/s × 125 000
    it.each([
      [2.49, 'fail', ['throughput_too_low']],
      [T.throughputMbps.failBelow, 'warn', ['throughput_low']],
      [4.99, 'warn', ['throughput_low']],
      [T.throughputMbps.warnBelow, 'pass', []],
    ])('judges %s Mbit/s as %s', (rate, status, findings) => {
      const m = throughput(rate * 125_000, 1000);
      expect([statusOf(m, 'throughput'), findingsOf(m, 'throughput')]).toEqual([status, findings]);
    });

    it('measures the throughput by the largest download, not the warm-up', () => {
      const m = with_((x) => {
        x.throughput = ok({ downloads: [{ bytes: 262_144, ms: 1000 }, { bytes: 2 ** 20 * 10, ms: 1000 }] });
      });
      expect(itemOf(m, 'throughput').values).toMatchObject({ bytes: 2 ** 20 * 10, mbps: 83.89 });
    });

    const latency = (rtts: number[], sent = rtts.length, skewMs = 0) =>
      with_((x) => {
        x.latency = ok({ sent, samples: pings(rtts, skewMs) });
      });
    it.each([
      [[T.rttMedianMs.warnAbove, T.rttMedianMs.warnAbove, T.rttMedianMs.warnAbove], 'pass', []],
      [[100, 101, 102], 'warn', ['rtt_high']],
      [[300, 300, 300], 'warn', ['rtt_high']],
      [[10, 301, 302], 'fail', ['rtt_very_high']],
    ])('judges round trips %o by their median: %s', (rtts, status, findings) => {
      const m = latency(rtts);
      expect([statusOf(m, 'rtt'), findingsOf(m, 'rtt')]).toEqual([status, findings]);
    });

    it.each([
      [10, 10, 'pass', []],
      [10, 9, 'warn', ['requests_lost']],
      [10, 8, 'fail', ['requests_lost_many']],
      [100, 81, 'warn', ['requests_lost']],
    ])('judges %s pings with %s answers as %s', (sent, answered, status, findings) => {
      const m = latency(Array(answered).fill(20), sent);
      expect([statusOf(m, 'rtt'), findingsOf(m, 'rtt')]).toEqual([status, findings]);
    });

    it('reports median, minimum and jitter of the round trips', () => {
      expect(itemOf(latency([10, 30, 20, 40]), 'rtt').values).toEqual({ medianMs: 25, minMs: 10, jitterMs: 16.67, sent: 4, answered: 4 });
    });

    it('fails the round trip and errs on the clock when no ping was answered', () => {
      const silent = latency([], 10);
      expect([statusOf(silent, 'rtt'), findingsOf(silent, 'rtt')]).toEqual(['fail', ['rtt_very_high', 'requests_lost_many']]);
      expect(itemOf(silent, 'clock_skew')).toMatchObject({ status: 'error', findings: ['probe_failed'] });
    });

    it.each([
      [0, 'pass', []],
      [T.clockSkewMs.warnAbove, 'pass', []],
      [-T.clockSkewMs.warnAbove, 'pass', []],
      [T.clockSkewMs.warnAbove + 1, 'warn', ['clock_off']],
      [-(T.clockSkewMs.warnAbove + 1), 'warn', ['clock_off']],
      [T.clockSkewMs.failAbove, 'warn', ['clock_off']],
      [T.clockSkewMs.failAbove + 1, 'fail', ['clock_far_off']],
      [-3 * 3_600_000, 'fail', ['clock_far_off']],
    ])('judges a browser clock %s ms off as %s', (skewMs, status, findings) => {
      const m = latency([20, 20, 20], 3, skewMs);
      expect([statusOf(m, 'clock_skew'), findingsOf(m, 'clock_skew')]).toEqual([status, findings]);
      expect(itemOf(m, 'clock_skew').values).toEqual({ skewMs, uncertaintyMs: 10 });
    });

    it('takes the clock from the ping with the shortest round trip, corrected by half of it', () => {
      const m = with_((x) => {
        x.latency = ok({
          sent: 2,
          samples: [
            { sentAtMs: BASE, rttMs: 400, serverTimeMs: BASE - 60_000 + 390 },
            { sentAtMs: BASE + 1000, rttMs: 10, serverTimeMs: BASE + 1000 - 60_000 + 5 },
          ],
        });
      });
      expect(itemOf(m, 'clock_skew')).toMatchObject({ status: 'warn', values: { skewMs: 60_000, uncertaintyMs: 5 }, summary: "the browser's clock is 60 s ahead of the server's (± 5 ms)" });
    });
  });

  describe('storage', () => {
    const quota = (quotaBytes: number | null, usageBytes: number | null) =>
      with_((x) => {
        x.storage = ok({ quotaBytes, usageBytes, persisted: null });
      });
    it.each([
      [2 ** 30 - 1, 0, 'warn', ['quota_small']],
      [T.quotaBytes.warnBelow, 0, 'pass', []],
      [307 * 2 ** 20, 0, 'warn', ['quota_small']],
      [null, null, 'info', ['quota_unknown']],
      [10 * 2 ** 30, 9 * 2 ** 30, 'pass', []],
      [10 * 2 ** 30, 9.01 * 2 ** 30, 'warn', ['storage_nearly_full']],
    ])('judges a quota of %s bytes with %s used as %s', (q, used, status, findings) => {
      const m = quota(q, used);
      expect([statusOf(m, 'storage_quota'), findingsOf(m, 'storage_quota')]).toEqual([status, findings]);
    });

    it('fails with cookies off and warns about each blocked store', () => {
      const m = with_((x) => {
        x.storageAccess = ok({ cookieEnabled: false, localStorage: { usable: false, reason: 'SecurityError' }, sessionStorage: { usable: true, reason: null }, indexedDB: { usable: false, reason: 'InvalidStateError' } });
      });
      expect(itemOf(m, 'storage_access')).toMatchObject({
        status: 'fail',
        findings: ['cookies_disabled', 'storage_blocked'],
        summary: 'cookies off; blocked: localStorage, indexedDB',
        values: { cookieEnabled: false, localStorage: false, sessionStorage: true, indexedDB: false },
      });
    });
  });

  describe('the result', () => {
    it('sorts failing items first, then errors, warnings, information, passes, keeping the catalog order within each', () => {
      const m = with_((x) => {
        if (x.hardware.status === 'ok') x.hardware.data.logicalCores = 1;
        x.storage = failed('timeout', 'slow');
        if (x.gpu.status === 'ok') x.gpu.data.api = 'none';
      });
      const sorted = byUrgency(evaluatePlaybackCheck(m)).map((i) => [i.id, i.status]);
      expect(sorted.slice(0, 4)).toEqual([['cpu_cores', 'fail'], ['storage_quota', 'error'], ['gpu', 'warn'], ['browser', 'info']]);
      expect(sorted.at(-1)).toEqual(['storage_access', 'pass']);
      expect(overallStatus(evaluatePlaybackCheck(m))).toBe('fail');
    });

    it('refuses rows whose values do not match their status or kind', () => {
      const item = itemOf(healthy(), 'cpu_cores');
      expect(PlaybackCheckItem.safeParse({ ...item, status: 'error' }).success).toBe(false);
      expect(PlaybackCheckItem.safeParse({ ...item, values: null }).success).toBe(false);
      expect(PlaybackCheckItem.safeParse({ ...item, id: 'gpu' }).success).toBe(false);
      expect(PlaybackCheckItem.safeParse({ ...item, findings: ['not_a_finding'] }).success).toBe(false);
    });

    it('has a Korean and an English meaning for every finding and a label for every item kind', () => {
      for (const text of [...Object.values(FINDING_TEXTS), ...Object.values(ITEM_LABELS)]) {
        expect(text.ko.length).toBeGreaterThan(1);
        expect(text.en.length).toBeGreaterThan(1);
        expect(text.ko).not.toBe(text.en);
      }
    });

    it('documents every finding and every item kind in docs/playback-check.md', () => {
      const doc = readFileSync(join(ROOT, 'docs/playback-check.md'), 'utf8');
      const missing = [...Object.keys(FINDING_TEXTS), ...Object.keys(ITEM_LABELS)].filter((code) => !doc.includes(`\`${code}\``));
      expect(missing).toEqual([]);
    });
  });
});

describe('the playback measurements schema', () => {
  it('refuses unknown fields, unbounded strings and a wrong version', () => {
    const m = healthy();
    expect(PlaybackMeasurements.safeParse({ ...m, extra: 1 }).success).toBe(false);
    expect(PlaybackMeasurements.safeParse({ ...m, version: 2 }).success).toBe(false);
    expect(PlaybackMeasurements.safeParse(with_(() => undefined)).success).toBe(true);
    const long = structuredClone(m);
    if (long.gpu.status === 'ok') long.gpu.data.renderer = 'x'.repeat(301);
    expect(PlaybackMeasurements.safeParse(long).success).toBe(false);
  });
});

import { buildClips } from '../server/check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../server/check/clipManifest.js';
import { percentile } from '../server/stats/monthly.js';
import type { PlaybackMeasurements } from '../shared/playbackCheck/measurements.js';
import { launchChromium } from '../test/support/browserViewer.js';
import { buildCheckBundle, openCheckPage, type CheckPageOptions } from '../test/support/checkPage.js';
import { liveSession, startLiveServer } from '../test/support/live.js';
import { closeSockets } from '../test/support/realtime.js';

/**
 * The video-playback check's total time in Chromium on this machine, and each probe's: the
 * collector bundled as the tests bundle it, a real server on 127.0.0.1 with a running session,
 * headless Debian Chromium. Five desktop runs and one emulated phone. The device and media probes
 * run side by side (their times overlap); the network probes and the two 3-second clips run one
 * after another. `npm run bench:playback-check` (needs Chromium and ffmpeg).
 */
const RUNS = 5;

type ProbeKey = Exclude<keyof PlaybackMeasurements, 'version' | 'startedAt' | 'durationMs' | 'playback'>;
const PROBES: ProbeKey[] = ['browser', 'screen', 'hardware', 'gpu', 'storage', 'storageAccess', 'codecs', 'drm', 'hls', 'latency', 'throughput'];

function probeTimes(m: PlaybackMeasurements): Record<string, number> {
  const times: Record<string, number> = {};
  for (const key of PROBES) times[key] = m[key].durationMs;
  times['playback 720p'] = m.playback['720p'].durationMs;
  times['playback 1080p'] = m.playback['1080p'].durationMs;
  return times;
}

const failures = (m: PlaybackMeasurements) =>
  [...PROBES.map((k) => [k, m[k]] as const), ['playback 720p', m.playback['720p']] as const, ['playback 1080p', m.playback['1080p']] as const]
    .filter(([, p]) => p.status === 'error')
    .map(([k, p]) => `${k}: ${p.status === 'error' ? p.reason : ''}`);

async function main(): Promise<void> {
  const clips = await buildClips(CHECK_CLIPS_DIST);
  console.log(`clips: ${clips.built ? `built in ${clips.manifest.buildMs} ms` : 'already built'} (${clips.manifest.clips.map((c) => `${c.name} ${Math.round(c.bytes / 1024)} KB`).join(', ')})`);
  const t0 = performance.now();
  const bundle = await buildCheckBundle();
  console.log(`collector bundle: ${Math.round(bundle.length / 1024)} KB, built in ${Math.round(performance.now() - t0)} ms`);

  const f = await startLiveServer(undefined, { RA_LOG_LEVEL: 'silent' });
  const browser = await launchChromium();
  const rows: Array<{ label: string; wallMs: number; totalMs: number; probes: Record<string, number> }> = [];
  try {
    const runOnce = async (label: string, device?: CheckPageOptions['device']) => {
      const { token } = await liveSession(f);
      const page = await openCheckPage(browser, f.server.url, bundle, { clockAt: () => f.server.clock.now(), ...(device ? { device } : {}) });
      const start = performance.now();
      const m = await page.run(token);
      const wallMs = performance.now() - start;
      await page.context.close();
      closeSockets();
      const failed = failures(m);
      if (failed.length) console.log(`  ${label}: probes without a measurement: ${failed.join('; ')}`);
      rows.push({ label, wallMs, totalMs: m.durationMs, probes: probeTimes(m) });
    };
    for (let i = 1; i <= RUNS; i++) await runOnce(`desktop #${i}`);
    await runOnce('Pixel 7', 'Pixel 7');
  } finally {
    await browser.close();
    await f.server.close();
  }

  const names = Object.keys(rows[0]!.probes);
  console.log(`\n${'run'.padEnd(12)}${'total'.padStart(8)}${'wall'.padStart(8)}  ${names.map((n) => n.padStart(Math.max(8, n.length + 1))).join('')}   (ms)`);
  for (const r of rows) {
    console.log(`${r.label.padEnd(12)}${String(r.totalMs).padStart(8)}${String(Math.round(r.wallMs)).padStart(8)}  ${names.map((n) => String(r.probes[n]).padStart(Math.max(8, n.length + 1))).join('')}`);
  }
  const desktop = rows.filter((r) => r.label.startsWith('desktop'));
  const totals = desktop.map((r) => r.totalMs).sort((a, b) => a - b);
  console.log(`\ndesktop total: median ${percentile(totals, 50)} ms, min ${totals[0]} ms, max ${totals.at(-1)} ms over ${RUNS} runs`);
}

await main();

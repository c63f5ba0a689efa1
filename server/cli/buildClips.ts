import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildClips } from '../check/clipBuild.js';
import { CHECK_CLIPS_DIST } from '../check/clipManifest.js';

/**
 * `npm run build:clips -- [--out DIR] [--require-ffmpeg]`: makes the playback check's test clips
 * with ffmpeg (skipped when they exist from the same arguments) and prints their sizes. Without
 * ffmpeg it warns and exits 0 unless `--require-ffmpeg`: the server still starts and reports the
 * playback test as "clips not built". Exit 1 when ffmpeg fails.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, 'require-ffmpeg': { type: 'boolean', default: false } } });
  const dir = values.out ? resolve(values.out) : CHECK_CLIPS_DIST;
  const t0 = performance.now();
  try {
    const { built, manifest } = await buildClips(dir);
    const sizes = manifest.clips.map((c) => `${c.name} ${(c.bytes / 1024).toFixed(0)} KB (${c.codecs})`).join(', ');
    const took = built ? `built in ${manifest.buildMs} ms` : `up to date, checked in ${Math.round(performance.now() - t0)} ms`;
    process.stdout.write(`Playback check clips ${took}: ${sizes} → ${dir}\n`);
    return 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !values['require-ffmpeg']) {
      process.stderr.write('Warning: ffmpeg is not installed, so the playback check has no test clips; its playback test will report "clips not built".\n');
      return 0;
    }
    process.stderr.write(`Building the playback check clips failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import si from 'systeminformation';
import { type Check, gb, item, read, worst } from './types.js';

const LINUX_BROWSERS = ['chromium', 'google-chrome', 'google-chrome-stable', 'firefox', 'microsoft-edge', 'opera', 'brave-browser', 'whale'];
/** Installed browsers and their versions (§1 check 2.3 is about playback in a browser). */
export const browsers: Check = async () => {
  const found: Array<{ name: string; version: string }> = [];
  for (const program of LINUX_BROWSERS) {
    const version = (await read(program, ['--version'])).trim();
    if (version) found.push({ name: program, version });
  }
  const items = found.length ? found.map((b) => item(b.name, b.version, null, 'info')) : [item('Browsers', 'none found', 'at least one', 'fail')];
  return { status: worst(items), summary: found.length ? found.map((b) => b.version).join('; ') : 'no browser found', items };
};

/** The media stack we find (on Windows: windowsSoftware.ts, the Visual C++ runtimes and the player). */
export const playerRuntime: Check = async () => {
  const ffmpeg = (await read('ffmpeg', ['-version'])).split('\n')[0]?.trim() ?? '';
  const gst = (await read('gst-inspect-1.0', ['--version'])).split('\n')[0]?.trim() ?? '';
  const items = [item('FFmpeg', ffmpeg || 'not found', null, 'info'), item('GStreamer', gst || 'not found', null, 'info')];
  return { status: ffmpeg || gst ? 'pass' : 'warn', summary: ffmpeg || gst || 'no media runtime found', items };
};

/** Where browsers keep their temporary files on this system (on Windows: windowsSoftware.ts). */
function cacheDirectories(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return [join(homedir(), 'Library', 'Caches'), tmpdir()];
  return [process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), tmpdir()];
}

/** RAM-disk file systems (attachment 1-2, case 2: temporary files moved to a 512 MB RAM disk). */
const RAM_FS = /tmpfs|ramfs|ramdisk/i;

/** Which volume the browser's temporary files are on, and whether it is a RAM disk or nearly full. */
export const browserTemp: Check = async ({ platform }) => {
  const volumes = await si.fsSize();
  const volumeOf = (path: string) =>
    volumes
      .filter((v) => path === v.mount || path.startsWith(v.mount.endsWith('/') ? v.mount : `${v.mount}/`))
      .sort((a, b) => b.mount.length - a.mount.length)[0];
  const items = cacheDirectories(platform).map((dir) => {
    const v = volumeOf(dir);
    if (!v) return item(dir, 'volume unknown', null, 'info');
    const ram = RAM_FS.test(v.type) || RAM_FS.test(v.fs);
    const full = v.available < 1 * 2 ** 30;
    return item(dir, `${v.mount} (${v.type}), ${gb(v.available)} free of ${gb(v.size)}`, 'a disk volume with ≥ 1 GB free', ram || full ? 'warn' : 'pass');
  });
  const flagged = items.filter((i) => i.status === 'warn');
  return { status: worst(items), summary: flagged.length ? `check: ${flagged.map((i) => i.value).join('; ')}` : 'on disk volumes with room', items };
};

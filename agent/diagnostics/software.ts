import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import si from 'systeminformation';
import { type Check, gb, item, read, worst } from './types.js';

const LINUX_BROWSERS = ['chromium', 'google-chrome', 'google-chrome-stable', 'firefox', 'microsoft-edge', 'opera', 'brave-browser', 'whale'];
const WINDOWS_BROWSERS = [
  ['Chrome', 'chrome.exe'],
  ['Edge', 'msedge.exe'],
  ['Firefox', 'firefox.exe'],
  ['Whale', 'whale.exe'],
  ['Internet Explorer', 'iexplore.exe'],
] as const;

/** A program's product version on Windows, via its App Paths registration. */
async function windowsAppVersion(exe: string): Promise<string> {
  const script = `$p=(Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\${exe}' -ErrorAction SilentlyContinue).'(default)'; if ($p) { (Get-Item $p).VersionInfo.ProductVersion }`;
  return (await read('powershell.exe', ['-NoProfile', '-Command', script], 10_000)).trim();
}

/** Installed browsers and their versions (§1 check 2.3 is about playback in a browser). */
export const browsers: Check = async ({ platform }) => {
  const found: Array<{ name: string; version: string }> = [];
  if (platform === 'win32') {
    for (const [name, exe] of WINDOWS_BROWSERS) {
      const version = await windowsAppVersion(exe);
      if (version) found.push({ name, version });
    }
  } else {
    for (const program of LINUX_BROWSERS) {
      const version = (await read(program, ['--version'])).trim();
      if (version) found.push({ name: program, version });
    }
  }
  const items = found.length ? found.map((b) => item(b.name, b.version, null, 'info')) : [item('Browsers', 'none found', 'at least one', 'fail')];
  return { status: worst(items), summary: found.length ? found.map((b) => b.version).join('; ') : 'no browser found', items };
};

/**
 * The video player and its runtimes. On Windows the Visual C++ runtimes (attachment 1-2, case 1:
 * a corrupted C++ runtime kept the player from installing); elsewhere the media stack we find.
 */
export const playerRuntime: Check = async ({ platform }) => {
  if (platform === 'win32') {
    const script = "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*','HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' -ErrorAction SilentlyContinue | Where-Object { $_.DisplayName -match 'Visual C\\+\\+|Kollus' } | ForEach-Object { $_.DisplayName + '|' + $_.DisplayVersion }";
    const lines = (await read('powershell.exe', ['-NoProfile', '-Command', script], 20_000)).split(/\r?\n/).filter(Boolean);
    const runtimes = lines.filter((l) => /Visual C\+\+/.test(l));
    const player = lines.filter((l) => /Kollus/i.test(l));
    const items = [
      ...runtimes.map((l) => item('Visual C++ runtime', l.replace('|', ' '), null, 'info')),
      item('Visual C++ runtimes', `${runtimes.length} installed`, '≥ 1', runtimes.length > 0 ? 'pass' : 'fail'),
      item('Video player', player[0]?.replace('|', ' ') ?? 'not installed', 'installed', player.length ? 'pass' : 'warn'),
    ];
    return { status: worst(items), summary: `${runtimes.length} Visual C++ runtime(s); player ${player.length ? 'installed' : 'not found'}`, items };
  }
  const ffmpeg = (await read('ffmpeg', ['-version'])).split('\n')[0]?.trim() ?? '';
  const gst = (await read('gst-inspect-1.0', ['--version'])).split('\n')[0]?.trim() ?? '';
  const items = [item('FFmpeg', ffmpeg || 'not found', null, 'info'), item('GStreamer', gst || 'not found', null, 'info')];
  return { status: ffmpeg || gst ? 'pass' : 'warn', summary: ffmpeg || gst || 'no media runtime found', items };
};

/** Where browsers keep their temporary files on this system. */
function cacheDirectories(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const local = process.env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local');
    return [join(local, 'Microsoft', 'Windows', 'INetCache'), join(local, 'Google', 'Chrome', 'User Data'), join(local, 'Microsoft', 'Edge', 'User Data'), tmpdir()];
  }
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
      .filter((v) => (platform === 'win32' ? path.toUpperCase().startsWith(v.mount.toUpperCase()) : path === v.mount || path.startsWith(v.mount.endsWith('/') ? v.mount : `${v.mount}/`)))
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

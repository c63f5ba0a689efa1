import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { win32 } from 'node:path';
import { fileVersion } from '../windows/fileVersion.js';
import { volume, volumeRootOf } from '../windows/kernel32.js';
import { type Hive, openRegistry, type Registry, type RegistryView } from '../windows/registry.js';
import { type Check, gb, item, worst } from './types.js';

const UNINSTALL = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const START_MENU_INTERNET = 'SOFTWARE\\Clients\\StartMenuInternet';
const APP_PATHS = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths';
const VC_RUNTIMES = 'SOFTWARE\\Microsoft\\VisualStudio\\14.0\\VC\\Runtimes';
/** Where installed programs are registered: machine-wide (64- and 32-bit views) and per user. */
const PLACES: ReadonlyArray<[Hive, RegistryView]> = [['HKLM', 64], ['HKLM', 32], ['HKCU', 64]];
const KNOWN_BROWSERS = ['chrome.exe', 'msedge.exe', 'firefox.exe', 'whale.exe', 'opera.exe', 'brave.exe', 'iexplore.exe'];

/** The program path at the start of a command line (`"C:\…\chrome.exe" -- "%1"` → `C:\…\chrome.exe`). */
export function programOf(command: string): string {
  const trimmed = command.trim();
  if (trimmed.startsWith('"')) return trimmed.slice(1, trimmed.indexOf('"', 1) > 0 ? trimmed.indexOf('"', 1) : undefined);
  return /^(.+?\.exe)\b/i.exec(trimmed)?.[1] ?? trimmed.split(/\s+/)[0] ?? '';
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Every registration under `path` in the places programs register themselves; null when none of the keys exists. */
function registrations(registry: Registry, path: string): Array<{ hive: Hive; view: RegistryView; name: string }> | null {
  let anyKey = false;
  const found: Array<{ hive: Hive; view: RegistryView; name: string }> = [];
  for (const [hive, view] of PLACES) {
    const names = registry.subkeys(hive, path, view);
    if (names === null) continue;
    anyKey = true;
    found.push(...names.map((name) => ({ hive, view, name })));
  }
  return anyKey ? found : null;
}

/** Installed browsers (StartMenuInternet, then App Paths for the common ones) with their file versions. */
export const windowsBrowsers: Check = async () => {
  const registry = await openRegistry();
  const programs = new Map<string, string>();
  const registered = registrations(registry, START_MENU_INTERNET);
  for (const r of registered ?? []) {
    const command = text(registry.value(r.hive, `${START_MENU_INTERNET}\\${r.name}\\shell\\open\\command`, '', r.view));
    const name = text(registry.value(r.hive, `${START_MENU_INTERNET}\\${r.name}`, '', r.view)) || r.name;
    if (command) programs.set(programOf(command).toLowerCase(), name);
  }
  const appPaths = registrations(registry, APP_PATHS);
  for (const r of (appPaths ?? []).filter((a) => KNOWN_BROWSERS.includes(a.name.toLowerCase()))) {
    const path = text(registry.value(r.hive, `${APP_PATHS}\\${r.name}`, '', r.view));
    if (path && !programs.has(programOf(path).toLowerCase())) programs.set(programOf(path).toLowerCase(), r.name.replace(/\.exe$/i, ''));
  }
  if (registered === null && appPaths === null) return { status: 'error', summary: `browsers unknown: neither HKLM\\${START_MENU_INTERNET} nor HKLM\\${APP_PATHS} exists`, items: [] };
  const items = [];
  for (const [program, name] of programs) {
    const version = await fileVersion(program).catch(() => null); // a registration whose file is gone has no version to read
    items.push(item(name, version ? `${version} (${program})` : `version unknown (${program})`, null, 'info'));
  }
  if (items.length === 0) return { status: 'fail', summary: 'no browser registered', items: [item('Browsers', 'none registered', 'at least one', 'fail')] };
  return { status: 'pass', summary: items.map((i) => i.label).join('; '), items };
};

/**
 * The player and the Visual C++ runtimes (attachment 1-2, case 1: a corrupted C++ runtime kept
 * the player from installing): the VC++ 2015–2022 runtime keys and the installed-programs list.
 */
export const windowsPlayerRuntime: Check = async () => {
  const registry = await openRegistry();
  const uninstall = registrations(registry, UNINSTALL);
  if (uninstall === null) return { status: 'error', summary: `installed programs unknown: HKLM\\${UNINSTALL} is missing`, items: [] };
  const programs = uninstall.map((r) => registry.values(r.hive, `${UNINSTALL}\\${r.name}`, ['DisplayName', 'DisplayVersion'], r.view) ?? {});
  const named = programs.map((p) => ({ name: text(p['DisplayName']), version: text(p['DisplayVersion']) })).filter((p) => p.name);
  const runtimes = named.filter((p) => /Visual C\+\+/i.test(p.name));
  const players = named.filter((p) => /Kollus/i.test(p.name));
  const vc14 = (['x64', 'x86'] as const).map((arch) => ({ arch, key: registry.values('HKLM', `${VC_RUNTIMES}\\${arch}`, ['Installed', 'Version'], arch === 'x86' ? 32 : 64) }));
  const items = [
    ...vc14.map(({ arch, key }) => item(`VC++ 2015–2022 runtime (${arch})`, key?.['Installed'] === 1 ? text(key['Version']) || 'installed' : 'not installed', 'installed', key?.['Installed'] === 1 ? 'pass' : arch === 'x64' ? 'warn' : 'info')),
    ...runtimes.map((p) => item('Visual C++ runtime', `${p.name} ${p.version}`.trim(), null, 'info')),
    item('Visual C++ runtimes', `${runtimes.length} installed`, '≥ 1', runtimes.length > 0 ? 'pass' : 'fail'),
    item('Video player', players[0] ? `${players[0].name} ${players[0].version}`.trim() : 'not installed', 'installed', players.length ? 'pass' : 'warn'),
  ];
  return { status: worst(items), summary: `${runtimes.length} Visual C++ runtime(s); player ${players.length ? 'installed' : 'not found'}`, items };
};

/** Where the browsers keep their temporary files on Windows (those that exist), and %TEMP%. */
function cacheFolders(env: NodeJS.ProcessEnv): string[] {
  const local = env['LOCALAPPDATA'] ?? win32.join(env['USERPROFILE'] ?? 'C:\\', 'AppData', 'Local');
  const browsers = [
    win32.join(local, 'Microsoft', 'Windows', 'INetCache'),
    win32.join(local, 'Google', 'Chrome', 'User Data', 'Default', 'Cache'),
    win32.join(local, 'Microsoft', 'Edge', 'User Data', 'Default', 'Cache'),
    win32.join(local, 'Naver', 'Naver Whale', 'User Data', 'Default', 'Cache'),
  ];
  return [...browsers.filter((dir) => existsSync(dir)), tmpdir()];
}

/** Which volume the browser's temporary files are on (GetVolumePathNameW), and whether it is a RAM disk (GetDriveTypeW, or a RAM-disk label) or nearly full (GetDiskFreeSpaceExW). */
export const windowsBrowserTemp: Check = async () => {
  const items = [];
  for (const dir of cacheFolders(process.env)) {
    const root = await volumeRootOf(dir);
    if (!root) {
      items.push(item(dir, 'volume unknown', null, 'info'));
      continue;
    }
    const v = await volume(root);
    const ram = v.type === 'ram disk' || /ram ?disk/i.test(v.label);
    const full = v.freeBytes < 2 ** 30;
    items.push(item(dir, `${root} (${ram ? 'RAM disk' : v.type}${v.fileSystem ? `, ${v.fileSystem}` : ''}${v.label ? `, "${v.label}"` : ''}), ${gb(v.freeBytes)} free of ${gb(v.totalBytes)}`, 'a disk volume with ≥ 1 GB free', ram || full ? 'warn' : 'pass'));
  }
  const flagged = items.filter((i) => i.status === 'warn');
  return { status: worst(items), summary: flagged.length ? `check: ${flagged.map((i) => i.value).join('; ')}` : 'on disk volumes with room', items };
};

import { cpus } from 'node:os';
import { processSnapshot, type ProcessSample, totalMemoryBytes } from '../windows/kernel32.js';
import { graphicsAdapters } from '../windows/monitors.js';
import { openRegistry, type RegistryValue } from '../windows/registry.js';
import { CURRENT_VERSION, fixedVolumes, processor } from '../windows/system.js';
import { P2P_PATTERN } from './system.js';
import { type Check, type CheckOutcome, gb, item, worst } from './types.js';

/**
 * Executable names of peer-to-peer file-sharing clients (procedure §1 check 2.7: they eat the
 * bandwidth a lecture needs), including Korean ones; names that merely contain a P2P word are
 * caught by the shared pattern as well.
 */
export const P2P_EXECUTABLES = [
  'utorrent.exe', 'bittorrent.exe', 'qbittorrent.exe', 'bitcomet.exe', 'transmission-qt.exe', 'transmission-daemon.exe', 'deluge.exe', 'deluged.exe',
  'biglybt.exe', 'azureus.exe', 'vuze.exe', 'emule.exe', 'frostwire.exe', 'tixati.exe', 'shareaza.exe', 'soulseekqt.exe', 'ares.exe', 'limewire.exe',
  'kazaa.exe', 'webtorrent.exe', 'bitspirit.exe', 'fileguri.exe', 'pruna.exe', 'ppuzzle.exe', 'ondisk.exe', 'filecity.exe',
];

export const isP2PClient = (exe: string) => P2P_EXECUTABLES.includes(exe.toLowerCase()) || P2P_PATTERN.test(exe);

/** CPU per process between two snapshots, in percent of the whole machine. */
export function cpuPercents(before: readonly ProcessSample[], after: readonly ProcessSample[], elapsedMs: number, cores: number): Map<number, number> {
  const earlier = new Map(before.map((p) => [p.pid, p.cpuTime]));
  const percents = new Map<number, number>();
  for (const p of after) {
    const was = earlier.get(p.pid);
    if (p.cpuTime === null || was === null || was === undefined) continue;
    // CPU times are in 100 ns units: 10 000 per millisecond.
    percents.set(p.pid, Math.max(0, ((p.cpuTime - was) / (elapsedMs * 10_000 * cores)) * 100));
  }
  return percents;
}

const SAMPLE_MS = 1000;

/** §1 check 2.7 on Windows: a toolhelp snapshot twice, a second apart; the busiest programs, P2P clients flagged. */
export const windowsProcesses: Check = async () => {
  const before = await processSnapshot();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SAMPLE_MS));
  const after = await processSnapshot();
  const cpu = cpuPercents(before, after, performance.now() - t0, Math.max(1, cpus().length));
  const byCpu = [...after].filter((p) => cpu.has(p.pid)).sort((a, b) => cpu.get(b.pid)! - cpu.get(a.pid)!).slice(0, 5);
  const byMem = [...after].filter((p) => p.workingSetBytes !== null).sort((a, b) => b.workingSetBytes! - a.workingSetBytes!).slice(0, 5);
  const p2p = after.filter((p) => isP2PClient(p.name));
  const items = [
    item('Processes', `${after.length} running`, null, 'info'),
    ...byCpu.map((p) => item(`CPU: ${p.name}`, `${cpu.get(p.pid)!.toFixed(1)} %`, '< 50 %', cpu.get(p.pid)! >= 50 ? 'warn' : 'info')),
    ...byMem.map((p) => item(`Memory: ${p.name}`, gb(p.workingSetBytes!), null, 'info')),
    ...p2p.map((p) => item(`P2P client: ${p.name}`, `pid ${p.pid}${cpu.has(p.pid) ? `, ${cpu.get(p.pid)!.toFixed(1)} % CPU` : ''}`, 'not running', 'warn')),
  ];
  const summary = p2p.length ? `P2P running: ${[...new Set(p2p.map((p) => p.name))].join(', ')}` : `no P2P client; busiest: ${byCpu[0]?.name ?? '—'}`;
  return { status: worst(items), summary, items };
};

/** §1 check 2.1 on Windows: the processor (registry), memory (GlobalMemoryStatusEx) and graphics (user32) against the minimum. */
export const windowsPcSpec: Check = async ({ minimum }) => {
  const [cpu, memoryBytes, adapters] = await Promise.all([processor(), totalMemoryBytes(), graphicsAdapters()]);
  const ramGb = memoryBytes / 2 ** 30;
  const items = [
    item('CPU', `${cpu.name}, ${cpu.cores} cores`, `≥ ${minimum.cpuCores} cores`, cpu.cores >= minimum.cpuCores ? 'pass' : 'fail'),
    item('RAM', gb(memoryBytes), `≥ ${minimum.ramGb} GB`, ramGb >= minimum.ramGb ? 'pass' : ramGb >= minimum.ramGb * 0.75 ? 'warn' : 'fail'),
    ...adapters.map((model) => item('Graphics', model, null, 'info')),
  ];
  const status = worst(items);
  return { status, summary: `${cpu.cores} cores, ${gb(memoryBytes)} RAM${status === 'pass' ? ': meets the minimum' : ': below the minimum'}`, items };
};

/** §1 check 2.1 on Windows: free space on every fixed drive (and RAM disk), from GetDiskFreeSpaceExW. */
export const windowsDiskSpace: Check = async ({ minimum }) => {
  const volumes = await fixedVolumes();
  if (volumes.length === 0) return { status: 'error', summary: 'no fixed drive could be read', items: [] };
  const items = volumes.map((v) => {
    const freeGb = v.freeBytes / 2 ** 30;
    return item(`Free on ${v.root}`, `${gb(v.freeBytes)} of ${gb(v.totalBytes)}`, `≥ ${minimum.freeDiskGb} GB`, freeGb >= minimum.freeDiskGb * 2 ? 'pass' : freeGb >= minimum.freeDiskGb ? 'warn' : 'fail');
  });
  const least = volumes.reduce((a, v) => (v.freeBytes < a.freeBytes ? v : a));
  return { status: worst(items), summary: `least free: ${least.root} ${gb(least.freeBytes)} of ${gb(least.totalBytes)}`, items };
};

const CBS_PACKAGES = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages';

const asNumber = (v: RegistryValue | undefined) => (typeof v === 'number' ? v : undefined);

/** A FILETIME split in two DWORDs (100 ns since 1601) as a Unix time in ms. */
export const filetimeMs = (high: number, low: number) => (high * 2 ** 32 + low) / 10_000 - 11_644_473_600_000;

export interface Hotfix {
  id: string;
  installedAt: number | null;
}

/**
 * The hotfixes from the servicing stack's package list (what Get-HotFix shows comes from the
 * same place): `Package_for_KB5034441~…` keys, newest first, one entry per KB.
 */
export function hotfixesFrom(packages: ReadonlyArray<{ name: string; installTimeHigh?: number; installTimeLow?: number }>): Hotfix[] {
  const byId = new Map<string, Hotfix>();
  for (const p of packages) {
    const kb = /^Package_\d*_?for_(KB\d+)~/i.exec(p.name)?.[1]?.toUpperCase();
    if (!kb) continue;
    const at = p.installTimeHigh !== undefined && p.installTimeLow !== undefined ? filetimeMs(p.installTimeHigh, p.installTimeLow) : null;
    const known = byId.get(kb);
    if (!known || (at ?? 0) > (known.installedAt ?? 0)) byId.set(kb, { id: kb, installedAt: at });
  }
  return [...byId.values()].sort((a, b) => (b.installedAt ?? 0) - (a.installedAt ?? 0));
}

/** §1 check 2.4 on Windows: the version and build from the registry, the installed hotfixes from the servicing stack. */
export const windowsOsUpdates: Check = async (): Promise<CheckOutcome> => {
  const registry = await openRegistry();
  const v = registry.values('HKLM', CURRENT_VERSION, ['ProductName', 'DisplayVersion', 'ReleaseId', 'CurrentBuild', 'UBR', 'EditionID']);
  if (!v) return { status: 'error', summary: `the Windows version is not in the registry (HKLM\\${CURRENT_VERSION} is missing)`, items: [] };
  const build = `${String(v['CurrentBuild'] ?? '?')}${v['UBR'] !== undefined ? `.${String(v['UBR'])}` : ''}`;
  const release = String(v['DisplayVersion'] ?? v['ReleaseId'] ?? '');
  const items = [item('Operating system', `${String(v['ProductName'] ?? 'Windows')}${release ? ` ${release}` : ''}`, null, 'info'), item('Build', build, null, 'info')];
  const names = registry.subkeys('HKLM', CBS_PACKAGES);
  if (!names) return { status: 'error', summary: `installed updates unknown: HKLM\\${CBS_PACKAGES} is missing (Windows build ${build})`, items };
  const packages = names.filter((n) => /_for_KB\d+~/i.test(n)).map((name) => {
    const t = registry.values('HKLM', `${CBS_PACKAGES}\\${name}`, ['InstallTimeHigh', 'InstallTimeLow']) ?? {};
    return { name, installTimeHigh: asNumber(t['InstallTimeHigh']), installTimeLow: asNumber(t['InstallTimeLow']) };
  });
  const hotfixes = hotfixesFrom(packages);
  items.push(...hotfixes.slice(0, 10).map((h) => item('Hotfix', `${h.id}${h.installedAt ? `, ${new Date(h.installedAt).toISOString().slice(0, 10)}` : ''}`, null, 'info')));
  const newest = hotfixes[0]?.installedAt ?? null;
  const ageDays = newest === null ? Infinity : (Date.now() - newest) / 86_400_000;
  items.push(item('Newest update', Number.isFinite(ageDays) ? `${Math.round(ageDays)} days ago` : 'none recorded', '≤ 60 days', ageDays <= 60 ? 'pass' : 'warn'));
  return { status: worst(items), summary: `${String(v['ProductName'] ?? 'Windows')} build ${build}, ${hotfixes.length} hotfix(es)`, items };
};

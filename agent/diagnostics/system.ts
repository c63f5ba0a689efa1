import si from 'systeminformation';
import { type Check, gb, item, worst } from './types.js';

/** §1 check 2.1: the PC's specification against the configured minimum. */
export const pcSpec: Check = async ({ minimum }) => {
  const [cpu, mem, graphics] = await Promise.all([si.cpu(), si.mem(), si.graphics()]);
  const ramGb = mem.total / 2 ** 30;
  const items = [
    item('CPU', `${cpu.manufacturer} ${cpu.brand}, ${cpu.cores} cores`, `≥ ${minimum.cpuCores} cores`, cpu.cores >= minimum.cpuCores ? 'pass' : 'fail'),
    item('RAM', gb(mem.total), `≥ ${minimum.ramGb} GB`, ramGb >= minimum.ramGb ? 'pass' : ramGb >= minimum.ramGb * 0.75 ? 'warn' : 'fail'),
    ...graphics.controllers.map((g) => item('Graphics', `${g.model}${g.vram ? `, ${g.vram} MB` : ''}`, null, 'info')),
  ];
  const status = worst(items);
  return { status, summary: `${cpu.cores} cores, ${gb(mem.total)} RAM${status === 'pass' ? ': meets the minimum' : ': below the minimum'}`, items };
};

/** §1 check 2.1: free disk space, on every mounted volume. */
export const diskSpace: Check = async ({ minimum }) => {
  const disks = (await si.fsSize()).filter((d) => d.size > 0);
  const items = disks.map((d) => {
    const freeGb = d.available / 2 ** 30;
    return item(`Free on ${d.mount}`, `${gb(d.available)} of ${gb(d.size)}`, `≥ ${minimum.freeDiskGb} GB`, freeGb >= minimum.freeDiskGb * 2 ? 'pass' : freeGb >= minimum.freeDiskGb ? 'warn' : 'fail');
  });
  const least = disks.reduce<(typeof disks)[number] | undefined>((a, d) => (!a || d.available < a.available ? d : a), undefined);
  return { status: worst(items), summary: least ? `least free: ${least.mount} ${gb(least.available)} of ${gb(least.size)}` : 'no disks reported', items };
};

/** Programs known to share files peer-to-peer, which the procedure (§1 check 2.7) asks about. */
export const P2P_PATTERN = /torrent|bitcomet|qbittorrent|transmission|deluge|vuze|azureus|emule|edonkey|ares|frostwire|limewire|kazaa|shareaza|tixati|soulseek|webtorrent|pruna|fileguri|bitspirit/i;

/** §1 check 2.7: the programs taking the most CPU and memory, with P2P clients flagged. */
export const processes: Check = async () => {
  const list = (await si.processes()).list;
  const byCpu = [...list].sort((a, b) => b.cpu - a.cpu).slice(0, 5);
  const byMem = [...list].sort((a, b) => b.memRss - a.memRss).slice(0, 5);
  const p2p = list.filter((p) => P2P_PATTERN.test(p.name));
  const items = [
    ...byCpu.map((p) => item(`CPU: ${p.name}`, `${p.cpu.toFixed(1)} %`, '< 50 %', p.cpu >= 50 ? 'warn' : 'info')),
    ...byMem.map((p) => item(`Memory: ${p.name}`, gb(p.memRss * 1024), null, 'info')),
    ...p2p.map((p) => item(`P2P client: ${p.name}`, `pid ${p.pid}, ${p.cpu.toFixed(1)} % CPU`, 'not running', 'warn')),
  ];
  const summary = p2p.length ? `P2P running: ${[...new Set(p2p.map((p) => p.name))].join(', ')}` : `no P2P client; busiest: ${byCpu[0]?.name ?? '—'}`;
  return { status: worst(items), summary, items };
};

/** §1 check 2.4: the operating system's version (on Windows with its hotfixes: windowsSystem.ts). */
export const osUpdates: Check = async () => {
  const os = await si.osInfo();
  const items = [item('Operating system', `${os.distro} ${os.release}${os.codename ? ` (${os.codename})` : ''}`, null, 'info'), item('Kernel / build', `${os.kernel} ${os.build}`.trim(), null, 'info')];
  return { status: worst(items), summary: `${os.distro} ${os.release}`, items };
};

import si from 'systeminformation';
import type { DeviceReport, Platform } from '../shared/protocol/device.js';
import type { DisplayInfo } from '../shared/protocol/dataChannel.js';

const PLATFORMS: Record<string, Platform> = { win32: 'windows', windows: 'windows', linux: 'linux', darwin: 'macos', android: 'android', ios: 'ios' };

/** Windows reports its edition inside the product name ("Microsoft Windows 10 Pro"). */
function edition(platform: Platform, distro: string, codename: string): string {
  if (platform !== 'windows') return codename;
  return /\b(Home|Pro|Professional|Enterprise|Education|Ultimate|Starter|Server[\w ]*)\b/i.exec(distro)?.[0] ?? codename;
}

const clip = (s: string | number | null | undefined, max: number) => String(s ?? '').slice(0, max);

/**
 * The device report sent at join (the support policy, §3, decides on it). Displays come from the
 * capture back end, which knows the monitors it can share.
 */
export async function deviceReport(displays: readonly DisplayInfo[]): Promise<DeviceReport> {
  const [os, cpu, mem, graphics, disks] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.graphics(), si.fsSize()]);
  const platform = PLATFORMS[os.platform.toLowerCase()] ?? 'other';
  return {
    platform,
    osName: clip(os.distro || os.platform, 200),
    osRelease: clip(platform === 'windows' ? os.release : os.kernel || os.release, 100),
    osEdition: clip(edition(platform, os.distro, os.codename), 100),
    arch: clip(os.arch, 50),
    hostname: clip(os.hostname, 255),
    cpu: { brand: clip(`${cpu.manufacturer} ${cpu.brand}`.trim(), 200), cores: cpu.cores, speedGHz: cpu.speed || 0 },
    memoryBytes: mem.total,
    gpus: graphics.controllers.slice(0, 16).map((g) => ({ model: clip(g.model, 200), vramMB: g.vram ?? null })),
    disks: disks.slice(0, 64).map((d) => ({ mount: clip(d.mount, 200), sizeBytes: Math.max(0, d.size), freeBytes: Math.max(0, d.available) })),
    displays: displays.slice(0, 16).map((d) => ({ id: d.id, width: d.width, height: d.height, primary: d.primary })),
  };
}

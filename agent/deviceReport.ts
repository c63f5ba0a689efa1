import { arch, hostname } from 'node:os';
import si from 'systeminformation';
import type { DeviceReport, Platform } from '../shared/protocol/device.js';
import type { DisplayInfo } from '../shared/protocol/dataChannel.js';
import { totalMemoryBytes } from './windows/kernel32.js';
import { graphicsAdapters } from './windows/monitors.js';
import { fixedVolumes, processor, windowsVersion } from './windows/system.js';

const PLATFORMS: Record<string, Platform> = { win32: 'windows', windows: 'windows', linux: 'linux', darwin: 'macos', android: 'android', ios: 'ios' };

/** Windows reports its edition inside the product name ("Microsoft Windows 10 Pro"). */
function edition(platform: Platform, distro: string, codename: string): string {
  if (platform !== 'windows') return codename;
  return /\b(Home|Pro|Professional|Enterprise|Education|Ultimate|Starter|Server[\w ]*)\b/i.exec(distro)?.[0] ?? codename;
}

const clip = (s: string | number | null | undefined, max: number) => String(s ?? '').slice(0, max);

const reportDisplays = (displays: readonly DisplayInfo[]) => displays.slice(0, 16).map((d) => ({ id: d.id, width: d.width, height: d.height, primary: d.primary }));

/**
 * The device report sent at join (the support policy, §3, decides on it). Displays come from the
 * capture back end, which knows the monitors it can share. On Windows from Windows' own sources
 * (systeminformation would start PowerShell there); elsewhere from systeminformation.
 */
export async function deviceReport(displays: readonly DisplayInfo[], platform: NodeJS.Platform = process.platform): Promise<DeviceReport> {
  if (platform === 'win32') return windowsDeviceReport(displays);
  const [os, cpu, mem, graphics, disks] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.graphics(), si.fsSize()]);
  const family = PLATFORMS[os.platform.toLowerCase()] ?? 'other';
  return {
    platform: family,
    osName: clip(os.distro || os.platform, 200),
    osRelease: clip(family === 'windows' ? os.release : os.kernel || os.release, 100),
    osEdition: clip(edition(family, os.distro, os.codename), 100),
    arch: clip(os.arch, 50),
    hostname: clip(os.hostname, 255),
    cpu: { brand: clip(`${cpu.manufacturer} ${cpu.brand}`.trim(), 200), cores: cpu.cores, speedGHz: cpu.speed || 0 },
    memoryBytes: mem.total,
    gpus: graphics.controllers.slice(0, 16).map((g) => ({ model: clip(g.model, 200), vramMB: g.vram ?? null })),
    disks: disks.slice(0, 64).map((d) => ({ mount: clip(d.mount, 200), sizeBytes: Math.max(0, d.size), freeBytes: Math.max(0, d.available) })),
    displays: reportDisplays(displays),
  };
}

/** Windows: the registry, kernel32 and user32 through koffi (agent/windows/system.ts). */
async function windowsDeviceReport(displays: readonly DisplayInfo[]): Promise<DeviceReport> {
  const [version, cpu, memoryBytes, adapters, volumes] = await Promise.all([windowsVersion(), processor(), totalMemoryBytes(), graphicsAdapters(), fixedVolumes()]);
  return {
    platform: 'windows',
    osName: clip(version.productName, 200),
    osRelease: clip(version.release, 100),
    osEdition: clip(version.editionId || edition('windows', version.productName, ''), 100),
    arch: clip(arch(), 50),
    hostname: clip(hostname(), 255),
    cpu: { brand: clip(cpu.name, 200), cores: cpu.cores, speedGHz: cpu.speedGHz },
    memoryBytes,
    gpus: adapters.slice(0, 16).map((model) => ({ model: clip(model, 200), vramMB: null })),
    disks: volumes.slice(0, 64).map((v) => ({ mount: clip(v.root, 200), sizeBytes: v.totalBytes, freeBytes: v.freeBytes })),
    displays: reportDisplays(displays),
  };
}

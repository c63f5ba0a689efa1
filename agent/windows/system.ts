import { cpus, release } from 'node:os';
import { driveRoots, volume, type Volume } from './kernel32.js';
import { openRegistry, type RegistryValue } from './registry.js';

/**
 * The PC as Windows itself describes it, for the device report and the PC-specification check —
 * no PowerShell, no WMI (which systeminformation would start; some PCs lock PowerShell down and
 * Wine has none): the version from `HKLM\…\Windows NT\CurrentVersion` and `os.release()`
 * (RtlGetVersion), the processor from `HKLM\HARDWARE\DESCRIPTION\System\CentralProcessor\0`,
 * memory from GlobalMemoryStatusEx, graphics from EnumDisplayDevicesW, disks from
 * GetDiskFreeSpaceExW.
 */
export const CURRENT_VERSION = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
const PROCESSOR = 'HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0';
/** Windows 11 still names itself "Windows 10" in ProductName; its builds start here. */
const FIRST_WINDOWS_11_BUILD = 22000;

const text = (v: RegistryValue | undefined) => (typeof v === 'string' ? v.trim() : '');

export interface WindowsVersion {
  /** "Windows 10 Pro", "Windows 11 Home". */
  productName: string;
  /** "Professional", "Core"…; empty when the registry does not say. */
  editionId: string;
  /** "22H2"; empty on older releases. */
  displayVersion: string;
  /** "19045.3803". */
  build: string;
  /** "10.0.19045", as RtlGetVersion reports it (not the compatibility-shimmed GetVersionEx). */
  release: string;
}

/** The product name as a user knows it: Windows 11 from its build, whatever ProductName says. */
export function productNameFor(productName: string, build: number): string {
  if (build >= FIRST_WINDOWS_11_BUILD) return productName.replace(/\bWindows 10\b/, 'Windows 11');
  return productName;
}

export async function windowsVersion(): Promise<WindowsVersion> {
  const registry = await openRegistry();
  const v = registry.values('HKLM', CURRENT_VERSION, ['ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentBuild', 'CurrentBuildNumber', 'UBR']) ?? {};
  const buildNumber = text(v['CurrentBuild']) || text(v['CurrentBuildNumber']) || release().split('.')[2] || '';
  return {
    productName: productNameFor(text(v['ProductName']) || 'Windows', Number(buildNumber) || 0),
    editionId: text(v['EditionID']),
    displayVersion: text(v['DisplayVersion']) || text(v['ReleaseId']),
    build: `${buildNumber}${typeof v['UBR'] === 'number' ? `.${v['UBR']}` : ''}`,
    release: release(),
  };
}

export interface Processor {
  /** "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz". */
  name: string;
  /** Logical processors. */
  cores: number;
  speedGHz: number;
}

export async function processor(): Promise<Processor> {
  const registry = await openRegistry();
  const p = registry.values('HKLM', PROCESSOR, ['ProcessorNameString', '~MHz', 'VendorIdentifier']) ?? {};
  const mhz = typeof p['~MHz'] === 'number' ? p['~MHz'] : (cpus()[0]?.speed ?? 0);
  return { name: text(p['ProcessorNameString']) || text(p['VendorIdentifier']) || 'unknown processor', cores: cpus().length, speedGHz: Math.round(mhz / 10) / 100 };
}

/** Fixed drives and RAM disks with their space; drives that cannot be read (an empty card reader) are left out. */
export async function fixedVolumes(): Promise<Volume[]> {
  const volumes: Volume[] = [];
  for (const root of await driveRoots()) {
    const v = await volume(root).catch(() => null); // an empty card reader or a dead network drive: not a disk to judge
    if (v && (v.type === 'fixed' || v.type === 'ram disk')) volumes.push(v);
  }
  return volumes;
}

import type { DeviceReport, Platform } from '../../../shared/protocol/device.js';

/** §3: which devices the HelpDesk supports. Configuration: a lab may add `linux` or `macos`. */
export interface DevicePolicy {
  platforms: readonly Platform[];
}

export type DeviceVerdict = { supported: true } | { supported: false; reason: string };

/** Windows XP is NT 5.1; earlier releases (2000 = 5.0) are out. */
const WINDOWS_XP = [5, 1] as const;

function windowsVersionAtLeastXp(release: string): boolean {
  const [major = 0, minor = 0] = release.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return major > WINDOWS_XP[0] || (major === WINDOWS_XP[0] && minor >= WINDOWS_XP[1]);
}

/**
 * Applies the support policy. Windows must be XP or later and a desktop edition — server
 * editions (Windows Server 2003, 2008, …) are refused even when Windows is allowed.
 */
export function evaluateDevice(device: DeviceReport, policy: DevicePolicy): DeviceVerdict {
  if (!policy.platforms.includes(device.platform)) {
    return { supported: false, reason: `${device.osName || device.platform} is not a supported system (supported: ${policy.platforms.join(', ')}).` };
  }
  if (device.platform === 'windows') {
    if (/server/i.test(`${device.osName} ${device.osEdition}`)) {
      return { supported: false, reason: `${device.osName} is a server edition of Windows, which is not supported.` };
    }
    if (!windowsVersionAtLeastXp(device.osRelease)) {
      return { supported: false, reason: `Windows releases before XP (${device.osRelease}) are not supported.` };
    }
  }
  return { supported: true };
}

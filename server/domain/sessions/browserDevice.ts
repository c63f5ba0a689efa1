import type { AgentTarget } from '../../../shared/agentBuilds.js';
import type { DeviceReport, Platform } from '../../../shared/protocol/device.js';
import type { BrowserHello, RemoteControlOffer } from '../../../shared/protocol/events.js';
import type { SessionActionKind } from '../../../shared/protocol/actions.js';
import { evaluateDevice, type DevicePolicy } from './devicePolicy.js';

/*
 * A browser session: the join page in the end user's browser instead of the agent program. It is
 * view only by construction — a web page cannot move the user's mouse, run a diagnostic or read
 * a file — so the support policy (§3) does not gate it (see `remoteControlOffer`).
 */

/** The OS family of a browser's OS name, as Client Hints (`Windows`, `macOS`, …) or bowser name it. */
export function platformOfBrowserOs(osName: string): Platform {
  const name = osName.toLowerCase();
  if (name.startsWith('windows')) return 'windows';
  if (name === 'macos' || name.startsWith('mac os')) return 'macos';
  if (name === 'ios' || name === 'ipados') return 'ios';
  if (name === 'android') return 'android';
  if (name === 'linux' || name === 'ubuntu' || name === 'debian' || name === 'fedora') return 'linux';
  return 'other';
}

/**
 * The Windows NT release behind a browser's Windows version name ("XP", "7", "10", or "7/8/8.1"
 * from Client Hints, which cannot tell those apart), so the policy's "XP or later" reads it as it
 * reads the agent's `osRelease`. Unknown names stay as they are.
 */
const NT_RELEASES: Record<string, string> = { XP: '5.1', Vista: '6.0', '7': '6.1', '7/8/8.1': '6.1', '8': '6.2', '8.1': '6.3', '10': '10.0', '11': '10.0' };

/** The session's device report, made from what the join page measured of its browser. */
export function deviceFromBrowser(hello: BrowserHello): DeviceReport {
  const b = hello.browser;
  const platform = platformOfBrowserOs(b.osName);
  const windows = platform === 'windows';
  return {
    platform,
    osName: windows && b.osVersion ? `Windows ${b.osVersion}` : b.osName,
    osRelease: windows ? (NT_RELEASES[b.osVersion] ?? b.osVersion) : b.osVersion,
    osEdition: '',
    arch: b.architecture,
    hostname: '',
    cpu: { brand: '', cores: hello.hardware.logicalCores ?? 0, speedGHz: 0 },
    // The browser rounds this down and caps it at 8 (Chromium only): a floor, not the RAM.
    memoryBytes: Math.round((hello.hardware.deviceMemoryGb ?? 0) * 2 ** 30),
    gpus: [],
    disks: [],
    displays: [{ id: 'screen', width: Math.round(hello.screen.width * hello.screen.pixelRatio), height: Math.round(hello.screen.height * hello.screen.pixelRatio), primary: true }],
    browser: { name: b.name, version: b.version, engine: b.engine, userAgent: b.userAgent, deviceType: b.deviceType, model: b.model, source: b.source, canShareScreen: hello.canShareScreen },
  };
}

/** The agent program's build for a platform, if there is one (the program runs on PCs only). */
function agentTargetFor(device: DeviceReport): AgentTarget | null {
  if (device.platform === 'windows') return 'win-x64';
  if (device.platform === 'linux' && !/arm/i.test(device.arch)) return 'linux-x64';
  return null;
}

/**
 * Whether "Let the engineer control my PC" is offered to a browser session: that is remote work
 * on the PC, which §3 governs, so the device must be inside the support policy as the agent
 * program's own report would be judged — and there must be an agent program for its system. A
 * phone (Android, iOS) is inside §3 but has no agent: the engineer helps it by the check and chat.
 * When the program joins, its own device report is judged by the policy as always.
 */
export function remoteControlOffer(device: DeviceReport, policy: DevicePolicy): RemoteControlOffer {
  if (!evaluateDevice(device, policy).supported) return { offered: false, reason: 'not_in_policy', target: null };
  const target = agentTargetFor(device);
  if (!target || device.browser?.deviceType === 'mobile' || device.browser?.deviceType === 'tablet') return { offered: false, reason: 'no_agent_for_system', target: null };
  return { offered: true, reason: 'in_policy', target };
}

/**
 * What a browser session's sides may report as actions: chat only. Control, monitors, files and
 * the agent's diagnostics do not exist there; the playback check has its own event.
 */
export function viewOnlyAllows(kind: SessionActionKind): boolean {
  return kind === 'chat';
}

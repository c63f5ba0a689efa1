import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import { makeDpiAware } from './dpi.js';
import { type DisplayDevice, type Handle, loadUser32, type MonitorInfo } from './user32.js';

const MONITORINFOF_PRIMARY = 1;
const DISPLAY_DEVICE_ACTIVE = 0x1;

/**
 * The monitors on the virtual desktop (EnumDisplayMonitors + GetMonitorInfoW), in real pixels:
 * the device name (\\.\DISPLAY1), whether it is the primary one, and its rectangle.
 */
export async function listMonitors(): Promise<DisplayInfo[]> {
  const u = await loadUser32();
  makeDpiAware(u);
  const handles: Handle[] = [];
  if (!u.EnumDisplayMonitors(null, null, (monitor) => (handles.push(monitor), true), 0)) throw new Error('EnumDisplayMonitors failed');
  const monitors: DisplayInfo[] = [];
  for (const [index, handle] of handles.entries()) {
    const info: MonitorInfo = { cbSize: u.monitorInfoSize };
    if (!u.GetMonitorInfoW(handle, info) || !info.rcMonitor) continue;
    const r = info.rcMonitor;
    monitors.push({ id: String(index), name: info.szDevice || `display ${index + 1}`, primary: ((info.dwFlags ?? 0) & MONITORINFOF_PRIMARY) !== 0, x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top });
  }
  if (monitors.length > 0 && !monitors.some((m) => m.primary)) monitors[0]!.primary = true;
  return monitors;
}

/** The graphics adapters driving the desktop (EnumDisplayDevicesW): their names, once each. */
export async function graphicsAdapters(): Promise<string[]> {
  const u = await loadUser32();
  const names = new Set<string>();
  for (let index = 0; index < 32; index++) {
    const device: DisplayDevice = { cb: u.displayDeviceSize };
    if (!u.EnumDisplayDevicesW(null, index, device, 0)) break;
    if ((device.StateFlags ?? 0) & DISPLAY_DEVICE_ACTIVE && device.DeviceString) names.add(device.DeviceString);
  }
  return [...names];
}

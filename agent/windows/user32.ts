import type { DisplayInfo } from '../../shared/protocol/dataChannel.js';
import { type KoffiModule, loadKoffi } from '../native/modules.js';

/** How this process sees the screen: only a per-monitor-aware one sees every monitor in real pixels. */
export type DpiAwareness = 'unaware' | 'system' | 'per-monitor' | 'per-monitor-v2';

const PER_MONITOR_AWARE_V2 = -4;
const PER_MONITOR_AWARE = -3;
const ERROR_ACCESS_DENIED = 5;
const MONITORINFOF_PRIMARY = 1;

function bind(koffi: KoffiModule) {
  const user32 = koffi.load('user32.dll');
  const kernel32 = koffi.load('kernel32.dll');
  const RECT = koffi.struct('RA_RECT', { left: 'int32', top: 'int32', right: 'int32', bottom: 'int32' });
  const MONITORINFOEXW = koffi.struct('RA_MONITORINFOEXW', { cbSize: 'uint32', rcMonitor: RECT, rcWork: RECT, dwFlags: 'uint32', szDevice: koffi.array('char16', 32, 'String') });
  koffi.proto('int __stdcall RA_MonitorEnumProc(void *monitor, void *hdc, RA_RECT *rect, intptr_t data)');
  const optional = (signature: string) => {
    try {
      return user32.func(signature);
    } catch {
      // Older Windows (and Wine) lack some of these; the caller falls back to an older call.
      return null;
    }
  };
  return {
    monitorInfoSize: koffi.sizeof(MONITORINFOEXW),
    GetLastError: kernel32.func('uint32 __stdcall GetLastError()') as () => number,
    SetProcessDpiAwarenessContext: optional('int __stdcall SetProcessDpiAwarenessContext(intptr_t value)') as ((context: number) => number) | null,
    GetThreadDpiAwarenessContext: optional('intptr_t __stdcall GetThreadDpiAwarenessContext()') as (() => number) | null,
    GetAwarenessFromDpiAwarenessContext: optional('int __stdcall GetAwarenessFromDpiAwarenessContext(intptr_t value)') as ((context: number) => number) | null,
    SetProcessDPIAware: user32.func('int __stdcall SetProcessDPIAware()') as () => number,
    EnumDisplayMonitors: user32.func('int __stdcall EnumDisplayMonitors(void *hdc, RA_RECT *clip, RA_MonitorEnumProc *proc, intptr_t data)') as (hdc: null, clip: null, proc: (monitor: unknown) => number, data: number) => number,
    GetMonitorInfoW: user32.func('int __stdcall GetMonitorInfoW(void *monitor, _Inout_ RA_MONITORINFOEXW *info)') as (monitor: unknown, info: MonitorInfo) => number,
  };
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
interface MonitorInfo {
  cbSize: number;
  rcMonitor?: Rect;
  rcWork?: Rect;
  dwFlags?: number;
  szDevice?: string;
}

let user32: Promise<ReturnType<typeof bind>> | null = null;
const api = () => (user32 ??= loadKoffi().then(bind));

let awareness: DpiAwareness | null = null;

const AWARENESS: Record<number, DpiAwareness> = { 0: 'unaware', 1: 'system', 2: 'per-monitor' };

/**
 * Makes this process DPI-aware, once, before any monitor is measured: a DPI-unaware process is
 * told scaled sizes (1536×864 for a 1920×1080 monitor at 125 %), and then video coordinates
 * and pointer positions would miss. Per-monitor v2 (Windows 10 1703+), else per-monitor, else
 * system-wide (SetProcessDPIAware). "Access denied" means it was already set (e.g. by the
 * manifest); then we report what is in force.
 */
export async function makeDpiAware(): Promise<DpiAwareness> {
  if (awareness) return awareness;
  const u = await api();
  const current = (): DpiAwareness | null => {
    if (!u.GetThreadDpiAwarenessContext || !u.GetAwarenessFromDpiAwarenessContext) return null;
    return AWARENESS[u.GetAwarenessFromDpiAwarenessContext(u.GetThreadDpiAwarenessContext())] ?? null;
  };
  if (u.SetProcessDpiAwarenessContext) {
    if (u.SetProcessDpiAwarenessContext(PER_MONITOR_AWARE_V2)) return (awareness = 'per-monitor-v2');
    if (u.SetProcessDpiAwarenessContext(PER_MONITOR_AWARE)) return (awareness = 'per-monitor');
    if (u.GetLastError() === ERROR_ACCESS_DENIED && current()) return (awareness = current()!);
  }
  u.SetProcessDPIAware();
  return (awareness = current() ?? 'system');
}

/**
 * The monitors on the virtual desktop (EnumDisplayMonitors + GetMonitorInfoW), in real pixels:
 * the device name (\\.\DISPLAY1), whether it is the primary one, and its rectangle.
 */
export async function listMonitors(): Promise<DisplayInfo[]> {
  await makeDpiAware();
  const u = await api();
  const handles: unknown[] = [];
  if (!u.EnumDisplayMonitors(null, null, (monitor) => (handles.push(monitor), 1), 0)) throw new Error(`EnumDisplayMonitors failed (error ${u.GetLastError()})`);
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

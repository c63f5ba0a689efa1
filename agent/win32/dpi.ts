import type { Win32 } from './api.js';

/** Per-monitor DPI awareness, version 2 (Windows 10 1703+): the window's own DPI, and real pixels everywhere. */
const PER_MONITOR_AWARE_V2 = -4;
const PER_MONITOR_AWARE = -3;

export type DpiAwareness = 'per-monitor-v2' | 'per-monitor' | 'system';

/**
 * Makes this process DPI-aware, so its windows are laid out for each monitor's scale instead of
 * being stretched blurry by Windows, and screen coordinates (capture, SendInput, window
 * rectangles) are real pixels. The best level the system has; once per process, before the
 * first window (calling again is harmless: Windows keeps the first answer).
 */
export function enableDpiAwareness(api: Win32): DpiAwareness {
  if (api.SetProcessDpiAwarenessContext?.(PER_MONITOR_AWARE_V2)) return 'per-monitor-v2';
  if (api.SetProcessDpiAwarenessContext?.(PER_MONITOR_AWARE)) return 'per-monitor';
  api.SetProcessDPIAware();
  return 'system';
}

import type { User32 } from './user32.js';

/** How this process sees the screen: only a per-monitor-aware one sees every monitor in real pixels. */
export type DpiAwareness = 'unaware' | 'system' | 'per-monitor' | 'per-monitor-v2';

const PER_MONITOR_AWARE_V2 = -4;
const PER_MONITOR_AWARE = -3;
const AWARENESS: Record<number, DpiAwareness> = { 0: 'unaware', 1: 'system', 2: 'per-monitor' };

let awareness: DpiAwareness | null = null;

/**
 * Makes this process DPI-aware, once, before any window is made or monitor measured: a
 * DPI-unaware process is told scaled sizes (1536×864 for a 1920×1080 monitor at 125 %) and its
 * windows are stretched blurry, so video coordinates, pointer positions and window layout would
 * all be off. Per-monitor v2 (Windows 10 1703+), else per-monitor, else system-wide
 * (SetProcessDPIAware). When it was already set (by a manifest, or the first call here wins:
 * Windows keeps the first answer) we report what is in force.
 */
export function makeDpiAware(api: User32): DpiAwareness {
  if (awareness) return awareness;
  const current = (): DpiAwareness | null => {
    if (!api.GetThreadDpiAwarenessContext || !api.GetAwarenessFromDpiAwarenessContext) return null;
    return AWARENESS[api.GetAwarenessFromDpiAwarenessContext(api.GetThreadDpiAwarenessContext())] ?? null;
  };
  if (api.SetProcessDpiAwarenessContext?.(PER_MONITOR_AWARE_V2)) return (awareness = 'per-monitor-v2');
  if (api.SetProcessDpiAwarenessContext?.(PER_MONITOR_AWARE)) return (awareness = 'per-monitor');
  const already = current();
  if (already && already !== 'unaware') return (awareness = already);
  api.SetProcessDPIAware();
  return (awareness = current() ?? 'system');
}

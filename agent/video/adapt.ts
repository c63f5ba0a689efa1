/** Quality steps, best first: frames per second and a scale of the native (≤ 1080p) size. */
export const QUALITY_LEVELS = [
  { fps: 15, scale: 1 },
  { fps: 10, scale: 1 },
  { fps: 10, scale: 0.75 },
  { fps: 7, scale: 0.75 },
  { fps: 5, scale: 0.5 },
] as const;

export interface AdaptState {
  level: number;
  /** Consecutive samples with spare CPU. */
  calm: number;
}

/** Above this machine load we step down at once; below the lower one, three samples in a row step up. */
const HIGH_LOAD = 85;
const LOW_LOAD = 50;
const CALM_SAMPLES = 3;

/**
 * One decision of the adaptive capture: the user's PC must stay usable while it is shared, so
 * a busy CPU costs frame rate first, then resolution; spare CPU slowly wins them back.
 */
export function adapt(state: AdaptState, cpuLoadPercent: number): AdaptState {
  if (cpuLoadPercent > HIGH_LOAD) return { level: Math.min(QUALITY_LEVELS.length - 1, state.level + 1), calm: 0 };
  if (cpuLoadPercent < LOW_LOAD) {
    const calm = state.calm + 1;
    return calm >= CALM_SAMPLES && state.level > 0 ? { level: state.level - 1, calm: 0 } : { level: state.level, calm };
  }
  return { level: state.level, calm: 0 };
}

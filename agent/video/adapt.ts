/**
 * Quality steps, best first: frames per second and a scale of the native (≤ 1080p) size. Frame
 * rate goes first (text stays sharp), size only once the rate is already low.
 */
export const QUALITY_LEVELS = [
  { fps: 30, scale: 1 },
  { fps: 20, scale: 1 },
  { fps: 15, scale: 1 },
  { fps: 10, scale: 0.75 },
  { fps: 7, scale: 0.75 },
  { fps: 5, scale: 0.5 },
] as const;

const LOWEST = QUALITY_LEVELS.length - 1;

export interface AdaptState {
  /** The level the CPU allows. */
  level: number;
  /** Consecutive samples with spare CPU. */
  calm: number;
  /** Consecutive samples with a busy CPU. */
  busy: number;
}

/**
 * Above this machine load in two samples in a row we step down; below the lower one, three
 * samples in a row step up. Measured here (bench/agent.ts, 2 cores): one step (30 → 20 → 15 fps)
 * changes the agent's share of the machine by at most ~10 points at 1080p, so stepping up from
 * below 60 % cannot push the machine over 85 % by itself; the gap keeps the ladder from
 * see-sawing. One busy sample alone is most often a burst (the diagnostics run right after
 * consent, a page loading) that would otherwise cost a step for the 15 s a climb back takes.
 */
const HIGH_LOAD = 85;
const LOW_LOAD = 60;
const BUSY_SAMPLES = 2;
const CALM_SAMPLES = 3;

/**
 * One decision of the adaptive capture: the user's PC must stay usable while it is shared, so
 * a busy CPU costs frame rate first, then resolution; spare CPU slowly wins them back.
 */
export function adapt(state: AdaptState, cpuLoadPercent: number): AdaptState {
  if (cpuLoadPercent > HIGH_LOAD) {
    const busy = state.busy + 1;
    return busy >= BUSY_SAMPLES ? { level: Math.min(LOWEST, state.level + 1), calm: 0, busy: 0 } : { level: state.level, calm: 0, busy };
  }
  if (cpuLoadPercent < LOW_LOAD) {
    const calm = state.calm + 1;
    return calm >= CALM_SAMPLES && state.level > 0 ? { level: state.level - 1, calm: 0, busy: 0 } : { level: state.level, calm, busy: 0 };
  }
  return { level: state.level, calm: 0, busy: 0 };
}

/** What the peers' statistics say about the link to the viewers (the worst peer counts). */
export interface LinkSample {
  /** The congestion controller's estimate of what can be sent, bits per second; null until known. */
  availableBitrate: number | null;
  /** Fraction of packets the receiver reports lost, 0…1. */
  loss: number;
  /** Frames per second the encoder sent, against the frames per second fed to it. */
  sentFps: number;
  fedFps: number;
}

export interface LinkState {
  /** The best level the link carries. */
  cap: number;
  /** Consecutive samples with room for the level above. */
  roomy: number;
}

/**
 * Bits per pixel per frame that screen content needs to stay readable while it moves (VP8 in
 * screen mode; a static screen needs far less). Below this the encoder drops frames on its own.
 */
const BITS_PER_PIXEL = 0.05;
/** Losing more than this fraction of packets costs a step whatever the estimate says. */
const HIGH_LOSS = 0.1;
const LOW_LOSS = 0.02;
/** The encoder keeping fewer than this share of the frames means it is starved (or too slow). */
const STARVED = 0.8;
const HEADROOM = 1.2;
const ROOMY_SAMPLES = 2;

/** Bits per second a level needs for a display of `pixels` (native, ≤ 1080p). */
export function levelBitrate(level: number, pixels: number): number {
  const q = QUALITY_LEVELS[Math.min(LOWEST, Math.max(0, level))]!;
  return pixels * q.scale * q.scale * q.fps * BITS_PER_PIXEL;
}

/**
 * One decision about the link, at the level now in effect. The WebRTC congestion controller
 * already fits the encoder's bitrate to the link; what it cannot do (wrtc's video source ignores
 * its requests for fewer frames) is capture fewer frames so that each keeps enough bits for
 * sharp text. So: when the encoder starves below what this level needs, or packets are lost,
 * step down; when the estimate has room for the level above, step back up after two samples.
 */
export function adaptToLink(state: LinkState, sample: LinkSample, effectiveLevel: number, pixels: number): LinkState {
  const starved = sample.sentFps < sample.fedFps * STARVED && sample.availableBitrate !== null && sample.availableBitrate < levelBitrate(effectiveLevel, pixels);
  if (sample.loss > HIGH_LOSS || starved) return { cap: Math.min(LOWEST, Math.max(state.cap, effectiveLevel + 1)), roomy: 0 };
  if (state.cap === 0) return { cap: 0, roomy: 0 };
  const room = sample.loss < LOW_LOSS && sample.availableBitrate !== null && sample.availableBitrate >= levelBitrate(state.cap - 1, pixels) * HEADROOM;
  if (!room) return { cap: state.cap, roomy: 0 };
  const roomy = state.roomy + 1;
  return roomy >= ROOMY_SAMPLES ? { cap: state.cap - 1, roomy: 0 } : { cap: state.cap, roomy };
}

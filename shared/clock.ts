/**
 * Time, injected. Server and agent read the time and schedule work only through this, so time
 * limits, SLA clocks and code expiry are tested in milliseconds with a fake clock.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Opaque timer handle. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => {
    const timer = setTimeout(callback, clampDelay(delayMs));
    // A pending deadline must not keep a process alive that is otherwise shutting down.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Node's timers overflow above 2^31-1 ms (~24.8 days) and fire at once; clamp instead. */
function clampDelay(ms: number): number {
  return Math.max(0, Math.min(ms, 2_147_483_647));
}

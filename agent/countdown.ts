import type { Clock, TimerHandle } from '../shared/clock.js';

/**
 * The agent's own clock for the time limit. It starts from the remaining *duration* the server
 * sent, on a monotonic clock, so a wrong or changing local time does not matter, and it fires
 * at zero whether or not the server is still reachable.
 */
export class Countdown {
  private endAt: number | null = null;
  private timers: TimerHandle[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly warningMinutes: readonly number[],
    private readonly events: { warning(minutesLeft: number): void; expired(): void },
  ) {}

  set(remainingMs: number): void {
    this.stop();
    const now = this.clock.now();
    this.endAt = now + remainingMs;
    for (const m of this.warningMinutes) {
      const at = remainingMs - m * 60_000;
      if (at > 0) this.timers.push(this.clock.setTimeout(() => this.events.warning(m), at));
    }
    this.timers.push(this.clock.setTimeout(() => this.events.expired(), remainingMs));
  }

  remainingMs(): number {
    return this.endAt === null ? 0 : Math.max(0, this.endAt - this.clock.now());
  }

  stop(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
  }
}

/** A monotonic clock: durations stay right if the user's wall clock is wrong or jumps. */
export const monotonicClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => {
    const t = setTimeout(callback, Math.min(Math.max(0, delayMs), 2_147_483_647));
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

import FakeTimers from '@sinonjs/fake-timers';
import type { Clock } from '../../shared/clock.js';

/** A controllable clock for the server under test: time moves only when the test says so. */
export interface TestClock extends Clock {
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): Promise<void>;
  set(iso: string): void;
}

export function testClock(startIso: string): TestClock {
  const fake = FakeTimers.createClock(Date.parse(startIso));
  return {
    now: () => fake.now,
    setTimeout: (callback, delayMs) => fake.setTimeout(callback, delayMs) as object,
    clearTimeout: (handle) => fake.clearTimeout(handle as FakeTimers.TimerId),
    advance: async (ms) => {
      await fake.tickAsync(ms);
    },
    set: (iso) => fake.setSystemTime(Date.parse(iso)),
  };
}

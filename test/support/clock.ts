import FakeTimers from '@sinonjs/fake-timers';
import type { Clock } from '../../shared/clock.js';

/**
 * The one calendar instant every test starts from unless it names its own: a Wednesday, 11:00 in
 * Seoul (the HelpDesk is open). Nothing in a test reads the machine's date, so the suite passes on
 * any day (`faketime '+400 days' npm test`).
 */
export const TEST_BASE_INSTANT = '2026-11-25T02:00:00Z';

/** A controllable clock for the server under test: time moves only when the test says so. */
export interface TestClock extends Clock {
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): Promise<void>;
  set(iso: string): void;
}

export function testClock(startIso: string = TEST_BASE_INSTANT): TestClock {
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

/**
 * A clock that runs in real time but starts at a fixed instant, for tests whose parts need time to
 * flow (WebRTC, agent processes, browsers) yet must not depend on the machine's date. Browsers
 * opened on such a server get the same instant (see `openAs`).
 */
export function flowingClock(startIso: string = TEST_BASE_INSTANT): Clock {
  const offset = Date.parse(startIso) - performance.now();
  return {
    now: () => Math.floor(offset + performance.now()),
    setTimeout: (callback, delayMs) => {
      const timer = setTimeout(callback, Math.max(0, Math.min(delayMs, 2_147_483_647)));
      timer.unref();
      return timer;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

import type { Clock } from '../../shared/clock.js';
import { loadConfig } from '../../server/config.js';
import { serve } from '../../server/serve.js';

/**
 * One node of a test cluster, as a real server process: `server/main.ts`'s `serve`, but on a
 * clock that every node of the test shares and that does not read the machine's date — it runs
 * in real time from `RA_TEST_CLOCK_BASE`, which was "now" at `RA_TEST_CLOCK_REAL_MS` of the
 * machine's clock (only differences of the machine's clock are used, so faketime does not matter).
 */
function sharedTestClock(): Clock {
  const base = Date.parse(process.env['RA_TEST_CLOCK_BASE'] ?? '');
  const realAtBase = Number(process.env['RA_TEST_CLOCK_REAL_MS']);
  if (!Number.isFinite(base) || !Number.isFinite(realAtBase)) throw new Error('RA_TEST_CLOCK_BASE and RA_TEST_CLOCK_REAL_MS are required');
  return {
    now: () => base + (Date.now() - realAtBase),
    setTimeout: (callback, delayMs) => setTimeout(callback, Math.max(0, Math.min(delayMs, 2_147_483_647))).unref(),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

await serve(loadConfig(process.env), sharedTestClock());

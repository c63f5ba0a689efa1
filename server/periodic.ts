import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../shared/clock.js';

/**
 * Runs `work` now and then every `intervalMs` on the injected clock, never two runs at once.
 * A failed run is logged and the schedule goes on.
 */
export function runPeriodically(clock: Clock, intervalMs: number, work: () => Promise<unknown>, logger: Logger, name: string): { stop(): Promise<void> } {
  let timer: TimerHandle | null = null;
  let current: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    current = work()
      .catch((error: unknown) => logger.error({ err: error, job: name }, 'periodic job failed'))
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
      await current;
    },
  };
}

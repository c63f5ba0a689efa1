import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../shared/clock.js';

/**
 * Named timers on the injected clock: one per key, re-setting a key replaces its timer. A timer's
 * work may be async; its failure is logged, never left as an unhandled rejection.
 */
export class KeyedTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  set(key: string, atMs: number, work: () => Promise<unknown> | void): void {
    this.clear(key);
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(key);
      Promise.resolve()
        .then(work)
        .catch((error: unknown) => this.logger.error({ err: error, timer: key }, 'timer work failed'));
    }, Math.max(0, atMs - this.clock.now()));
    this.timers.set(key, handle);
  }

  has(key: string): boolean {
    return this.timers.has(key);
  }

  clear(key: string): void {
    const handle = this.timers.get(key);
    if (handle !== undefined) {
      this.clock.clearTimeout(handle);
      this.timers.delete(key);
    }
  }

  /** Clears every timer whose key starts with `prefix` (all of one session's). */
  clearPrefix(prefix: string): void {
    for (const key of [...this.timers.keys()]) if (key.startsWith(prefix)) this.clear(key);
  }

  clearAll(): void {
    this.clearPrefix('');
  }
}

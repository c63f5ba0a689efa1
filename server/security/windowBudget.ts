import type { Clock } from '../../shared/clock.js';

export interface WindowBudgetOptions {
  /** Units (bytes, requests) a key may spend within any window. */
  limit: number;
  windowMs: number;
}

export type BudgetVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Bounds memory when many keys (sessions) spend at once. */
const MAX_KEYS = 10_000;

/**
 * A sliding-window budget per key: what a key spent in the last `windowMs` may not exceed
 * `limit`. Used to bound what the playback check's endpoints hand out per session (bytes of
 * download, number of pings), so a session token cannot be turned into a traffic pump.
 */
export class WindowBudget {
  private readonly spent = new Map<string, Array<{ at: number; units: number }>>();

  constructor(
    private readonly options: WindowBudgetOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** Spends `units` for `key` if the budget allows it; otherwise spends nothing. */
  take(key: string, units: number): BudgetVerdict {
    const now = this.clock.now();
    const entries = (this.spent.get(key) ?? []).filter((e) => e.at > now - this.options.windowMs);
    let total = entries.reduce((sum, e) => sum + e.units, 0);
    if (total + units > this.options.limit) {
      // The earliest moment enough of the past spending has left the window.
      for (const e of entries) {
        total -= e.units;
        if (total + units <= this.options.limit) return { allowed: false, retryAfterMs: e.at + this.options.windowMs - now };
      }
      return { allowed: false, retryAfterMs: this.options.windowMs };
    }
    entries.push({ at: now, units });
    this.spent.delete(key); // re-insert: Map order is least recently used first
    this.spent.set(key, entries);
    if (this.spent.size > MAX_KEYS) {
      const oldest = this.spent.keys().next().value;
      if (oldest !== undefined) this.spent.delete(oldest);
    }
    return { allowed: true };
  }
}

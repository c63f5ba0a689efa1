import type { Clock } from '../../shared/clock.js';

export interface FailureLimiterOptions {
  /**
   * Failures that cost no wait: after this many, every further attempt waits — so a key gets
   * exactly `freeFailures` attempts in a burst, and the next one is refused until the wait is over.
   */
  freeFailures: number;
  /** The wait after the last free failure; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts over. */
  forgetAfterMs: number;
}

interface KeyState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Bounds memory under an attack that rotates keys (addresses, usernames). */
const MAX_KEYS = 50_000;

/**
 * Limits failed attempts per key (an account, an address, "global") with exponentially growing
 * back-off. Attempts are checked before they are evaluated, so a blocked key learns nothing.
 */
export class FailureLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly options: FailureLimiterOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  check(key: string): LimitVerdict {
    const state = this.current(key);
    const now = this.clock.now();
    return state && state.blockedUntil > now ? { allowed: false, retryAfterMs: state.blockedUntil - now } : { allowed: true };
  }

  recordFailure(key: string): void {
    const now = this.clock.now();
    const state = this.current(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    state.failures++;
    state.lastFailureAt = now;
    const beyondFree = state.failures - this.options.freeFailures;
    if (beyondFree >= 0) {
      state.blockedUntil = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** beyondFree);
    }
    this.keys.delete(key); // re-insert so Map order is least-recently-failed first
    this.keys.set(key, state);
    if (this.keys.size > MAX_KEYS) this.evictOldest();
  }

  recordSuccess(key: string): void {
    this.keys.delete(key);
  }

  private current(key: string): KeyState | undefined {
    const state = this.keys.get(key);
    if (state && this.clock.now() - state.lastFailureAt > this.options.forgetAfterMs && state.blockedUntil <= this.clock.now()) {
      this.keys.delete(key);
      return undefined;
    }
    return state;
  }

  private evictOldest(): void {
    const oldest = this.keys.keys().next();
    if (!oldest.done) this.keys.delete(oldest.value);
  }
}

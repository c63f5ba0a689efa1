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

/** How an attempt begun with `begin` turned out. */
export type AttemptOutcome = 'failure' | 'success' | 'not_counted';

/** Bounds memory under an attack that rotates keys (addresses, usernames). */
const MAX_KEYS = 50_000;

/**
 * Limits failed attempts per key (an account, an address, "global") with exponentially growing
 * back-off. Attempts are checked before they are evaluated, so a blocked key learns nothing.
 */
export class FailureLimiter {
  private readonly keys = new Map<string, KeyState>();
  /** Attempts begun and not yet ended, per key. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly options: FailureLimiterOptions,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  check(key: string): LimitVerdict {
    const state = this.current(key);
    const now = this.clock.now();
    return state && state.blockedUntil > now ? { allowed: false, retryAfterMs: state.blockedUntil - now } : { allowed: true };
  }

  /**
   * Checks a key and, when allowed, holds the attempt until `end`: an attempt still being
   * evaluated counts as a failure until it ends, so a burst of concurrent tries cannot all pass
   * the check before the first of them fails. Within the free failures as many run at once as are
   * left; beyond them, one at a time.
   */
  begin(key: string): LimitVerdict {
    const verdict = this.check(key);
    if (!verdict.allowed) return verdict;
    const pending = this.inFlight.get(key) ?? 0;
    if (pending > 0 && (this.current(key)?.failures ?? 0) + pending >= this.options.freeFailures) {
      return { allowed: false, retryAfterMs: this.options.baseDelayMs };
    }
    this.inFlight.set(key, pending + 1);
    return verdict;
  }

  /** Ends an attempt begun with `begin`, counting it as it turned out. */
  end(key: string, outcome: AttemptOutcome): void {
    const pending = (this.inFlight.get(key) ?? 0) - 1;
    if (pending > 0) this.inFlight.set(key, pending);
    else this.inFlight.delete(key);
    if (outcome === 'failure') this.recordFailure(key);
    else if (outcome === 'success') this.recordSuccess(key);
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

/**
 * A failure limiter as logins and joins use it: `FailureLimiter` in memory on one node
 * (`localLimiter`), shared through Redis by several (`server/cluster/limiter.ts`). Same
 * semantics either way; asynchronous for the shared one, which refuses (`SERVICE_UNAVAILABLE`)
 * when it cannot count.
 */
export interface AttemptLimiter {
  /** `FailureLimiter.begin`: checks the key and, when allowed, holds the attempt until `end`. */
  begin(key: string): Promise<LimitVerdict>;
  end(key: string, outcome: AttemptOutcome): Promise<void>;
  recordFailure(key: string): Promise<void>;
}

/** One process's limits, in its memory. */
export function localLimiter(options: FailureLimiterOptions, clock: Pick<Clock, 'now'>): AttemptLimiter {
  const limiter = new FailureLimiter(options, clock);
  return {
    begin: (key) => Promise.resolve(limiter.begin(key)),
    end: (key, outcome) => Promise.resolve(limiter.end(key, outcome)),
    recordFailure: (key) => Promise.resolve(limiter.recordFailure(key)),
  };
}

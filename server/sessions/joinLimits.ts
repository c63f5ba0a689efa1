import type { FailureLimiterOptions } from '../security/failureLimiter.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Limits on failed join-code attempts. docs/security.md derives from these the probability that
 * an attacker at the maximum allowed rate guesses any live code.
 */
export const JOIN_LIMITS: { perAddress: FailureLimiterOptions; global: FailureLimiterOptions } = {
  /** One address: 5 wrong codes in a burst, then 2 s, 4 s, … up to 10 min between tries. */
  perAddress: { freeFailures: 5, baseDelayMs: 2 * SECOND, maxDelayMs: 10 * MINUTE, forgetAfterMs: 30 * MINUTE },
  /**
   * All addresses together (a botnet): 100 wrong codes in a burst, then 1 s, 2 s, … up to 60 s
   * between tries; only an hour without any failure starts the count over.
   */
  global: { freeFailures: 100, baseDelayMs: SECOND, maxDelayMs: MINUTE, forgetAfterMs: 60 * MINUTE },
};

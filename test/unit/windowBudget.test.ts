import { describe, expect, it } from 'vitest';
import { WindowBudget } from '../../server/security/windowBudget.js';
import { testClock } from '../support/clock.js';

describe('a sliding-window budget', () => {
  it('allows spending up to the limit within the window and refuses the unit beyond it, spending nothing', () => {
    const clock = testClock();
    const budget = new WindowBudget({ limit: 100, windowMs: 60_000 }, clock);
    expect(budget.take('s1', 60)).toEqual({ allowed: true });
    expect(budget.take('s1', 40)).toEqual({ allowed: true });
    expect(budget.take('s1', 1)).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(budget.take('s2', 100)).toEqual({ allowed: true });
  });

  it('frees what was spent once it leaves the window, to the millisecond, and says when', async () => {
    const clock = testClock();
    const budget = new WindowBudget({ limit: 100, windowMs: 60_000 }, clock);
    budget.take('s', 70);
    await clock.advance(20_000);
    budget.take('s', 30);
    expect(budget.take('s', 50)).toEqual({ allowed: false, retryAfterMs: 40_000 });
    await clock.advance(39_999);
    expect(budget.take('s', 50)).toEqual({ allowed: false, retryAfterMs: 1 });
    await clock.advance(1);
    expect(budget.take('s', 50)).toEqual({ allowed: true });
    // 30 + 50 spent in the last minute: 20 left, then the 30 leaves at 80 000 ms.
    expect(budget.take('s', 21)).toEqual({ allowed: false, retryAfterMs: 20_000 });
    expect(budget.take('s', 20)).toEqual({ allowed: true });
  });
});

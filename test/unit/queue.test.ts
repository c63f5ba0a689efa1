import { describe, expect, it } from 'vitest';
import { orderQueue } from '../../server/domain/queue.js';

describe('queue order (§4)', () => {
  it('puts urgent cases first, then strictly in order received, and numbers positions', () => {
    const cases = [
      { id: 1, urgent: false, queuedAt: '2026-11-25T01:00:00.000Z' },
      { id: 2, urgent: true, queuedAt: '2026-11-25T03:00:00.000Z' },
      { id: 3, urgent: false, queuedAt: '2026-11-25T00:30:00.000Z' },
      { id: 4, urgent: true, queuedAt: '2026-11-25T02:00:00.000Z' },
      { id: 5, urgent: false, queuedAt: '2026-11-25T01:00:00.000Z' },
    ];
    expect(orderQueue(cases).map((c) => [c.id, c.queuePosition])).toEqual([
      [4, 1],
      [2, 2],
      [3, 3],
      [1, 4],
      [5, 5],
    ]);
  });

  it('does not reorder its input', () => {
    const cases = [
      { id: 2, urgent: false, queuedAt: 'b' },
      { id: 1, urgent: false, queuedAt: 'a' },
    ];
    orderQueue(cases);
    expect(cases.map((c) => c.id)).toEqual([2, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { slaView } from '../../server/domain/sla.js';

const start = Date.parse('2026-11-25T01:00:00Z');
const hours = (h: number) => start + h * 3_600_000;

describe('first-contact SLA (§2: within 24 h)', () => {
  it('counts down while no contact is made', () => {
    const view = slaView({ startsAtMs: start, firstContactAtMs: null }, hours(20));
    expect(view).toMatchObject({ state: 'pending', remainingMinutes: 240, dueAt: '2026-11-26T01:00:00.000Z', firstContactAt: null });
  });

  it('turns overdue at the due time, with negative time left', () => {
    expect(slaView({ startsAtMs: start, firstContactAtMs: null }, hours(24)).state).toBe('overdue');
    expect(slaView({ startsAtMs: start, firstContactAtMs: null }, hours(25.5))).toMatchObject({ state: 'overdue', remainingMinutes: -90 });
  });

  it('fixes the time to first contact once made, whatever the clock does later', () => {
    const met = slaView({ startsAtMs: start, firstContactAtMs: hours(5.25) }, hours(100));
    expect(met).toMatchObject({ state: 'met', timeToFirstContactMinutes: 315, remainingMinutes: null });
    const missed = slaView({ startsAtMs: start, firstContactAtMs: hours(30) }, hours(31));
    expect(missed).toMatchObject({ state: 'missed', timeToFirstContactMinutes: 1800 });
  });

  it('counts a contact made before the clock started as immediate', () => {
    expect(slaView({ startsAtMs: start, firstContactAtMs: start - 60_000 }, start).timeToFirstContactMinutes).toBe(0);
  });
});

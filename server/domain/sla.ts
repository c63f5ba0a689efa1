import { FIRST_CONTACT_DUE_HOURS } from '../../shared/policy.js';
import type { SlaView } from '../../shared/schemas/cases.js';

export interface SlaInput {
  /** When the SLA clock starts: receipt, or the next opening for a case received after hours. */
  startsAtMs: number;
  firstContactAtMs: number | null;
}

const MINUTE = 60_000;

/**
 * The first-contact SLA of §2: the user is contacted within 24 h of receipt. Once the first
 * successful contact is logged, its time is fixed and the case is `met` or `missed` for good.
 */
export function slaView(input: SlaInput, nowMs: number, dueHours = FIRST_CONTACT_DUE_HOURS): SlaView {
  const dueMs = input.startsAtMs + dueHours * 60 * MINUTE;
  const base = { startsAt: iso(input.startsAtMs), dueAt: iso(dueMs) };
  if (input.firstContactAtMs !== null) {
    return {
      ...base,
      firstContactAt: iso(input.firstContactAtMs),
      // A call made before the clock started (say, on a closed day) counts as immediate.
      timeToFirstContactMinutes: Math.max(0, Math.round((input.firstContactAtMs - input.startsAtMs) / MINUTE)),
      state: input.firstContactAtMs <= dueMs ? 'met' : 'missed',
      remainingMinutes: null,
    };
  }
  return {
    ...base,
    firstContactAt: null,
    timeToFirstContactMinutes: null,
    state: nowMs < dueMs ? 'pending' : 'overdue',
    remainingMinutes: Math.round((dueMs - nowMs) / MINUTE),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

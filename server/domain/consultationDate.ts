import { DateTime } from 'luxon';
import type { FieldIssue } from '../../shared/errors.js';
import { FIRST_CONSULTATION_MAX_AGE_DAYS } from '../../shared/policy.js';

/**
 * §7.1 plausibility: the first-level consultation happened before the hand-over, so its date is
 * not in the future (in the HelpDesk's time zone) and not implausibly old.
 */
export function consultationDateIssue(localDate: string, nowMs: number, timeZone: string): FieldIssue | null {
  const today = DateTime.fromMillis(nowMs, { zone: timeZone }).startOf('day');
  const date = DateTime.fromISO(localDate, { zone: timeZone });
  if (!date.isValid) return { code: 'INVALID', message: 'Give the date as YYYY-MM-DD.' };
  if (date > today) return { code: 'FUTURE_DATE', message: 'The first-level consultation date cannot be in the future.' };
  if (today.diff(date, 'days').days > FIRST_CONSULTATION_MAX_AGE_DAYS) {
    return { code: 'TOO_OLD', message: `The first-level consultation date is more than ${FIRST_CONSULTATION_MAX_AGE_DAYS} days ago.` };
  }
  return null;
}

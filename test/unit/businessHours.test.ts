import { describe, expect, it } from 'vitest';
import { businessHoursStatus, type BusinessCalendar } from '../../server/domain/businessHours.js';
import { koreanPublicHolidays } from '../../server/domain/koreanHolidays.js';

const seoul: BusinessCalendar = { timeZone: 'Asia/Seoul', holidays: koreanPublicHolidays('Asia/Seoul'), closures: new Map() };
/** An instant given in Seoul local time (KST is UTC+9 all year: no DST). */
const kst = (local: string) => Date.parse(`${local}+09:00`);
const statusAt = (local: string, cal = seoul) => businessHoursStatus(kst(local), cal);

describe('business hours (§5)', () => {
  it('opens weekdays from 10:00 to 19:00', () => {
    expect(statusAt('2026-11-25T10:00:00').open).toBe(true); // Wednesday
    expect(statusAt('2026-11-25T18:59:59').open).toBe(true);
    const early = statusAt('2026-11-25T09:59:59');
    expect(early).toMatchObject({ open: false, closedBecause: 'outside_hours', nextOpeningAt: '2026-11-25T01:00:00.000Z' });
    const late = statusAt('2026-11-25T19:00:00');
    expect(late).toMatchObject({ open: false, nextOpeningAt: '2026-11-26T01:00:00.000Z' });
  });

  it('opens Saturdays only from 13:00 to 17:00', () => {
    expect(statusAt('2026-11-28T12:59:00')).toMatchObject({ open: false, nextOpeningAt: '2026-11-28T04:00:00.000Z' });
    expect(statusAt('2026-11-28T13:00:00').open).toBe(true);
    expect(statusAt('2026-11-28T16:59:59').open).toBe(true);
    // Saturday 17:00 → Sunday closed → Monday 10:00
    expect(statusAt('2026-11-28T17:00:00')).toMatchObject({ open: false, nextOpeningAt: '2026-11-30T01:00:00.000Z' });
  });

  it('is closed all Sunday', () => {
    expect(statusAt('2026-11-29T12:00:00')).toMatchObject({ open: false, closedBecause: 'sunday', nextOpeningAt: '2026-11-30T01:00:00.000Z' });
  });

  it('is closed on a public holiday and names it', () => {
    const hangulDay = statusAt('2026-10-09T11:00:00'); // Friday
    expect(hangulDay).toMatchObject({ open: false, closedBecause: 'public_holiday', holidayName: '한글날' });
    expect(hangulDay.nextOpeningAt).toBe('2026-10-10T04:00:00.000Z'); // Saturday 13:00
  });

  it('is closed on a substitute holiday', () => {
    // 2026-08-15 (Liberation Day) is a Saturday, so Monday 08-17 is its substitute.
    expect(statusAt('2026-08-17T11:00:00')).toMatchObject({ open: false, closedBecause: 'public_holiday', holidayName: '광복절 (대체공휴일)' });
    expect(statusAt('2026-08-17T11:00:00').nextOpeningAt).toBe('2026-08-18T01:00:00.000Z');
  });

  it('closes all three days of Seollal, including the day before (date-holidays misses it)', () => {
    // Seollal 2024: Feb 9 (Fri, the day before), 10, 11, and the substitute Feb 12.
    expect(statusAt('2024-02-09T11:00:00')).toMatchObject({ open: false, closedBecause: 'public_holiday' });
    expect(statusAt('2024-02-12T11:00:00')).toMatchObject({ open: false, closedBecause: 'public_holiday' });
    expect(statusAt('2024-02-13T11:00:00').open).toBe(true);
    // Seollal 2027: Feb 6 (Sat, the day before), 7, 8, substitute Feb 9; the library's span would wrongly include Feb 9 only by its substitute.
    expect(statusAt('2027-02-06T14:00:00')).toMatchObject({ open: false, closedBecause: 'public_holiday' });
    expect(statusAt('2027-02-09T11:00:00')).toMatchObject({ open: false, closedBecause: 'public_holiday' });
    expect(statusAt('2027-02-10T11:00:00').open).toBe(true);
  });

  it('skips a long holiday to the next opening', () => {
    // Chuseok 2026: Sep 24–26, then Sunday: Wednesday evening's case waits for Monday 28th.
    expect(statusAt('2026-09-23T20:00:00').nextOpeningAt).toBe('2026-09-28T01:00:00.000Z');
  });

  it('is closed on an admin-defined closure day', () => {
    const cal = { ...seoul, closures: new Map([['2026-06-03', 'Local elections']]) };
    expect(statusAt('2026-06-03T11:00:00', cal)).toMatchObject({ open: false, closedBecause: 'closure_day', holidayName: 'Local elections' });
    expect(statusAt('2026-06-03T11:00:00', cal).nextOpeningAt).toBe('2026-06-04T01:00:00.000Z');
  });

  it('decides by the local day in the configured time zone, not UTC', () => {
    // Saturday 15:30 UTC is Sunday 00:30 in Seoul: closed until Monday.
    const status = businessHoursStatus(Date.parse('2026-11-28T15:30:00Z'), seoul);
    expect(status).toMatchObject({ open: false, closedBecause: 'sunday', nextOpeningAt: '2026-11-30T01:00:00.000Z' });
    // Monday 00:59:59 UTC is 09:59:59 in Seoul; one second later it opens.
    expect(businessHoursStatus(Date.parse('2026-11-30T00:59:59Z'), seoul).open).toBe(false);
    expect(businessHoursStatus(Date.parse('2026-11-30T01:00:00Z'), seoul).open).toBe(true);
  });

  it('follows another configured time zone across its DST change', () => {
    const ny: BusinessCalendar = { timeZone: 'America/New_York', holidays: { holidayOn: () => null }, closures: new Map() };
    // Sunday 2026-03-08 is the DST switch; Monday 10:00 EDT is 14:00 UTC (EST would be 15:00).
    expect(businessHoursStatus(Date.parse('2026-03-08T12:00:00Z'), ny)).toMatchObject({ timeZone: 'America/New_York', nextOpeningAt: '2026-03-09T14:00:00.000Z' });
  });
});

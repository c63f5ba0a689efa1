import { DateTime } from 'luxon';
import { BUSINESS_HOURS } from '../../shared/policy.js';
import type { BusinessHoursStatus } from '../../shared/schemas/closures.js';

/** Names public holidays by local date (`YYYY-MM-DD`). */
export interface HolidayCalendar {
  holidayOn(localDate: string): string | null;
}

export interface BusinessCalendar {
  timeZone: string;
  holidays: HolidayCalendar;
  /** Admin-defined closure days, local date → reason. */
  closures: ReadonlyMap<string, string>;
  hours?: typeof BUSINESS_HOURS;
}

type DayVerdict =
  | { open: true; opensAt: DateTime; closesAt: DateTime }
  | { open: false; because: 'sunday' | 'public_holiday' | 'closure_day' | 'outside_hours'; holidayName: string | null };

function dayVerdict(day: DateTime, cal: BusinessCalendar): DayVerdict {
  const localDate = day.toISODate() ?? '';
  const holiday = cal.holidays.holidayOn(localDate);
  if (holiday) return { open: false, because: 'public_holiday', holidayName: holiday };
  const closure = cal.closures.get(localDate);
  if (closure !== undefined) return { open: false, because: 'closure_day', holidayName: closure };
  const window = (cal.hours ?? BUSINESS_HOURS)[day.weekday];
  if (!window) return { open: false, because: day.weekday === 7 ? 'sunday' : 'outside_hours', holidayName: null };
  return { open: true, opensAt: atTime(day, window.open), closesAt: atTime(day, window.close) };
}

function atTime(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
}

/** When the HelpDesk opens on a local day (epoch ms), or null if it stays closed that day. */
export function openingOn(day: DateTime, cal: BusinessCalendar): number | null {
  const verdict = dayVerdict(day.setZone(cal.timeZone).startOf('day'), cal);
  return verdict.open ? verdict.opensAt.toMillis() : null;
}

/** How far ahead we look for an opening; a year of closures would be a configuration error. */
const MAX_DAYS_AHEAD = 400;

/**
 * Whether the HelpDesk accepts cases at `atMs` (§5), and if not, why and when it opens next.
 * Pure: the holiday calendar and closure days are passed in.
 */
export function businessHoursStatus(atMs: number, cal: BusinessCalendar): BusinessHoursStatus {
  const at = DateTime.fromMillis(atMs, { zone: cal.timeZone });
  const today = dayVerdict(at.startOf('day'), cal);
  if (today.open && at >= today.opensAt && at < today.closesAt) {
    return { at: iso(at), timeZone: cal.timeZone, open: true, nextOpeningAt: null, closedBecause: null, holidayName: null };
  }
  return {
    at: iso(at),
    timeZone: cal.timeZone,
    open: false,
    nextOpeningAt: iso(nextOpening(at, cal)),
    closedBecause: today.open ? 'outside_hours' : today.because,
    holidayName: today.open ? null : today.holidayName,
  };
}

function nextOpening(at: DateTime, cal: BusinessCalendar): DateTime {
  for (let offset = 0; offset <= MAX_DAYS_AHEAD; offset++) {
    const day = at.startOf('day').plus({ days: offset });
    const verdict = dayVerdict(day, cal);
    if (verdict.open && verdict.opensAt > at) return verdict.opensAt;
  }
  throw new Error(`No business hours within ${MAX_DAYS_AHEAD} days of ${iso(at)}: check closure days.`);
}

function iso(dt: DateTime): string {
  return dt.toUTC().toISO() ?? '';
}

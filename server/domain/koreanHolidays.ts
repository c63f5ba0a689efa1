import Holidays from 'date-holidays';
import type { HolidayCalendar } from './businessHours.js';

/**
 * date-holidays anchors Seollal's three days at the lunar new year's day itself, so it misses
 * the day before (전날) and adds one day after (its own comment says so: commenthol/date-holidays
 * issue #640). We shift that one rule back by a day; its substitute days are listed separately
 * by the library and already right.
 */
const SEOLLAL_RULE = 'korean 01-0-01 P3D';

/**
 * Korean public holidays, substitute holidays included, by local date. Only `public` days close
 * the HelpDesk (observances such as 제헌절 before 2026 do not).
 */
export function koreanPublicHolidays(timeZone: string): HolidayCalendar {
  const lib = new Holidays('KR', { timezone: timeZone, types: ['public'] });
  const years = new Map<number, Map<string, string>>();

  function yearTable(year: number): Map<string, string> {
    let table = years.get(year);
    if (table) return table;
    table = new Map();
    // Neighbouring years too: a span may cross New Year, and the Seollal shift may reach back.
    for (const y of [year - 1, year, year + 1]) {
      for (const h of lib.getHolidays(y)) {
        if (h.type !== 'public') continue;
        const first = h.date.slice(0, 10);
        const days = spanDays(first, h.start, h.end);
        const dates = h.rule === SEOLLAL_RULE ? days.map((d) => addDays(d, -1)) : days;
        for (const d of dates) if (d.startsWith(String(year)) && !table.has(d)) table.set(d, h.name);
      }
    }
    years.set(year, table);
    return table;
  }

  return {
    holidayOn(localDate) {
      return yearTable(Number(localDate.slice(0, 4))).get(localDate) ?? null;
    },
  };
}

function spanDays(first: string, start: Date, end: Date): string[] {
  const count = Math.max(1, Math.round((end.getTime() - start.getTime()) / 86_400_000));
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

function addDays(localDate: string, days: number): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

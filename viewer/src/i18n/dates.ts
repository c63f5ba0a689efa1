import { DateTime } from 'luxon';

/** Dates and times as the HelpDesk reads them: in its time zone, in the chosen language. */
export interface DateFormats {
  timeZone: string;
  /** Date and time to the minute: "25 Nov 2026, 11:00" / "2026. 11. 25. 오전 11:00". */
  dateTime(iso: string | null | undefined): string;
  /** Date and time to the second, for entries that follow each other closely. */
  dateTimeSeconds(iso: string | null | undefined): string;
  /** The month `nowMs` falls in, locally: `YYYY-MM`. */
  month(nowMs: number): string;
  /** The local calendar day of `nowMs`: `YYYY-MM-DD`. */
  day(nowMs: number): string;
  /** The instant a local calendar day (`YYYY-MM-DD`) starts, ISO. */
  dayStart(day: string): string;
  /** The instant the local day after `day` starts (the end of `day`, excluded), ISO. */
  dayAfter(day: string): string;
}

export function dateFormats(lang: 'ko' | 'en', timeZone: string): DateFormats {
  const locale = lang === 'ko' ? 'ko-KR' : 'en-GB';
  const minutes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const seconds = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
  const format = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) => (iso ? f.format(new Date(iso)) : '—');
  return {
    timeZone,
    dateTime: format(minutes),
    dateTimeSeconds: format(seconds),
    month: (nowMs) => DateTime.fromMillis(nowMs, { zone: timeZone }).toFormat('yyyy-MM'),
    day: (nowMs) => DateTime.fromMillis(nowMs, { zone: timeZone }).toFormat('yyyy-MM-dd'),
    dayStart: (day) => DateTime.fromISO(`${day}T00:00:00`, { zone: timeZone }).toUTC().toISO() ?? '',
    dayAfter: (day) => DateTime.fromISO(`${day}T00:00:00`, { zone: timeZone }).plus({ days: 1 }).toUTC().toISO() ?? '',
  };
}

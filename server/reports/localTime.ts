import { DateTime } from 'luxon';

/**
 * Instants as people at the HelpDesk read them: the local date and time in its zone
 * (`2026-12-02 04:57`, or with seconds where events follow each other closely). Language-neutral,
 * so the bilingual report and mails need one form only. Machine-readable copies (the report's
 * JSON) keep the ISO instants.
 */
export function localTime(iso: string | null | undefined, timeZone: string, precision: 'minutes' | 'seconds' = 'minutes'): string {
  if (!iso) return '—';
  const at = DateTime.fromISO(iso, { zone: timeZone });
  return at.isValid ? at.toFormat(precision === 'seconds' ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm') : iso;
}

/** The zone the times are in, for a line above them: `Asia/Seoul (UTC+09:00)`. */
export function zoneLabel(timeZone: string, atIso: string): string {
  return `${timeZone} (UTC${DateTime.fromISO(atIso, { zone: timeZone }).toFormat('ZZ')})`;
}

/** A calendar day in the zone: `2026-11-01`. */
export function localDate(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

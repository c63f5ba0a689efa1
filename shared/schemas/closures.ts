import { z } from 'zod';
import { IsoDate, line } from './common.js';

/** A day the HelpDesk is closed besides Sundays and public holidays (e.g. an election day). */
export const ClosureDay = z.strictObject({ date: IsoDate, reason: line(200) });
export type ClosureDay = z.infer<typeof ClosureDay>;

export const BusinessHoursStatus = z.object({
  at: z.string(),
  /** The HelpDesk's IANA zone (`RA_TIME_ZONE`): the web app shows dates and months in it. */
  timeZone: z.string(),
  open: z.boolean(),
  /** Null while open. */
  nextOpeningAt: z.string().nullable(),
  closedBecause: z.enum(['outside_hours', 'sunday', 'public_holiday', 'closure_day']).nullable(),
  holidayName: z.string().nullable(),
});
export type BusinessHoursStatus = z.infer<typeof BusinessHoursStatus>;

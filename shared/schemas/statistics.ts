import { z } from 'zod';
import { EndReason } from '../protocol/session.js';
import { CaseOutcome } from './cases.js';
import { ReportCause } from './reports.js';

/** Statistics of one scope (a customer company, or all of them) for one month (§2). */
export const ScopeStatistics = z.object({
  casesReceived: z.number().int(),
  casesClosed: z.number().int(),
  byOutcome: z.record(CaseOutcome, z.number().int()),
  byCause: z.record(ReportCause, z.number().int()),
  firstContact: z.object({
    /** Cases received this month whose user has been reached. */
    contacted: z.number().int(),
    /** Cases received this month not reached yet. */
    pending: z.number().int(),
    averageMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
    /** Share of contacted cases reached within 24 h of the SLA start. */
    within24hShare: z.number().nullable(),
    targetAverageMinutes: z.number(),
    averageWithinTarget: z.boolean().nullable(),
  }),
  sessions: z.object({
    /** Sessions opened (join code issued) in the month. */
    opened: z.number().int(),
    /** Sessions whose user consented in the month. */
    started: z.number().int(),
    /** Every session that ended in the month, whatever the reason (declined, expired code, … included). */
    ended: z.number().int(),
    /** `ended` by end reason; the reasons sum to `ended`. */
    byEndReason: z.record(EndReason, z.number().int()),
    /** Consent to end, over the ended sessions that had been consented. */
    durationAverageMinutes: z.number().nullable(),
    durationP90Minutes: z.number().nullable(),
    totalMinutes: z.number(),
  }),
  extensions: z.object({ requested: z.number().int(), accepted: z.number().int(), declined: z.number().int(), expired: z.number().int(), minutesGranted: z.number() }),
  declines: z.number().int(),
  unsupportedDevices: z.number().int(),
});
export type ScopeStatistics = z.infer<typeof ScopeStatistics>;

export const MonthlyStatistics = z.object({
  month: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  overall: ScopeStatistics,
  companies: z.array(z.object({ companyId: z.number().int(), companyName: z.string(), statistics: ScopeStatistics })),
});
export type MonthlyStatistics = z.infer<typeof MonthlyStatistics>;

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give the month as YYYY-MM.');

export const StatisticsQuery = z.strictObject({
  month: Month,
  companyId: z.coerce.number().int().positive().optional(),
  format: z.enum(['json', 'csv', 'html']).default('json'),
});

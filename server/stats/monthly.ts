import { EndReason } from '../../shared/protocol/session.js';
import { FIRST_CONTACT_DUE_HOURS, FIRST_CONTACT_TARGET_AVERAGE_HOURS } from '../../shared/policy.js';
import { CaseOutcome } from '../../shared/schemas/cases.js';
import { ReportCause } from '../../shared/schemas/reports.js';
import type { MonthlyStatistics, ScopeStatistics } from '../../shared/schemas/statistics.js';
import type { CaseRecord, ExtensionRecord, ReportRecord, SessionRecord } from '../store/types.js';

const MINUTE = 60_000;

/** What one month's statistics are computed from. */
export interface MonthRecords {
  month: string;
  timeZone: string;
  from: string;
  to: string;
  companies: Array<{ id: number; name: string }>;
  /** Cases received or closed in the month. */
  cases: CaseRecord[];
  /** Sessions alive at some point of the month (created before its end, not ended before its start), with their case's company. */
  sessions: Array<{ session: SessionRecord; companyId: number; extensions: ExtensionRecord[] }>;
  /** Reports submitted in the month, with their case's company. */
  reports: Array<{ report: ReportRecord; companyId: number }>;
}

/** Nearest-rank percentile; null for no data. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const average = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const within = (iso: string | null, r: Pick<MonthRecords, 'from' | 'to'>) => iso !== null && iso >= r.from && iso < r.to;

function scope(r: MonthRecords, companyId: number | null): ScopeStatistics {
  const mine = <T>(items: T[], company: (item: T) => number) => (companyId === null ? items : items.filter((i) => company(i) === companyId));
  const cases = mine(r.cases, (c) => c.companyId);
  const received = cases.filter((c) => within(c.receivedAt, r));
  const closed = cases.filter((c) => c.status === 'closed' && within(c.closedAt, r));
  const sessions = mine(r.sessions, (s) => s.companyId);
  const reports = mine(r.reports, (x) => x.companyId);

  const contactMinutes = received.filter((c) => c.firstContactAt).map((c) => Math.max(0, (Date.parse(c.firstContactAt!) - Date.parse(c.slaStartsAt)) / MINUTE));
  const avgContact = average(contactMinutes);
  // Each session figure counts by its own instant: opened, consented, ended — whatever the reason.
  const ended = sessions.filter((s) => within(s.session.endedAt, r));
  const byEndReason = zeros(EndReason.options);
  for (const { session } of ended) if (session.endReason) byEndReason[session.endReason]++;
  const durations = ended.filter((s) => s.session.startedAt).map((s) => (Date.parse(s.session.endedAt!) - Date.parse(s.session.startedAt!)) / MINUTE);
  const extensions = sessions.flatMap((s) => s.extensions).filter((e) => within(e.requestedAt, r));

  const byOutcome = zeros(CaseOutcome.options);
  for (const c of closed) if (c.outcome) byOutcome[c.outcome]++;
  const byCause = zeros(ReportCause.options);
  for (const { report } of reports) {
    const cause = ReportCause.safeParse(report.cause);
    if (cause.success) byCause[cause.data]++;
  }
  return {
    casesReceived: received.length,
    casesClosed: closed.length,
    byOutcome,
    byCause,
    firstContact: {
      contacted: contactMinutes.length,
      pending: received.length - contactMinutes.length,
      averageMinutes: round(avgContact),
      p90Minutes: round(percentile(contactMinutes, 90)),
      within24hShare: contactMinutes.length ? round(contactMinutes.filter((m) => m <= FIRST_CONTACT_DUE_HOURS * 60).length / contactMinutes.length) : null,
      targetAverageMinutes: FIRST_CONTACT_TARGET_AVERAGE_HOURS * 60,
      averageWithinTarget: avgContact === null ? null : avgContact <= FIRST_CONTACT_TARGET_AVERAGE_HOURS * 60,
    },
    sessions: {
      opened: sessions.filter((s) => within(s.session.createdAt, r)).length,
      started: sessions.filter((s) => within(s.session.startedAt, r)).length,
      ended: ended.length,
      byEndReason,
      durationAverageMinutes: round(average(durations)),
      durationP90Minutes: round(percentile(durations, 90)),
      totalMinutes: round(durations.reduce((a, b) => a + b, 0)) ?? 0,
    },
    extensions: {
      requested: extensions.length,
      accepted: extensions.filter((e) => e.status === 'accepted').length,
      declined: extensions.filter((e) => e.status === 'declined').length,
      expired: extensions.filter((e) => e.status === 'expired').length,
      minutesGranted: extensions.filter((e) => e.status === 'accepted').reduce((a, e) => a + e.minutes, 0),
    },
    declines: byEndReason.user_declined + byEndReason.consent_timeout,
    unsupportedDevices: byEndReason.device_not_supported,
  };
}

/**
 * The month's statistics, overall and per customer company: cases by outcome and cause, time to
 * first contact against the 24 h / 6 h-average target, sessions (opened, consented, and every one
 * that ended, by end reason), extensions, declines and unsupported devices. Pure: the records are loaded by the caller.
 */
export function monthlyStatistics(r: MonthRecords): MonthlyStatistics {
  return {
    month: r.month,
    timeZone: r.timeZone,
    from: r.from,
    to: r.to,
    overall: scope(r, null),
    companies: r.companies.map((c) => ({ companyId: c.id, companyName: c.name, statistics: scope(r, c.id) })),
  };
}

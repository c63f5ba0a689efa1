import { DateTime } from 'luxon';
import type { Repositories } from '../store/types.js';
import type { MonthRecords } from './monthly.js';

/** A month `YYYY-MM` in the HelpDesk's time zone, as a half-open range of instants. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  const start = DateTime.fromISO(`${month}-01T00:00:00`, { zone: timeZone });
  return { from: start.toUTC().toISO()!, to: start.plus({ months: 1 }).toUTC().toISO()! };
}

/** The month before the one `nowMs` falls in, locally. */
export function previousMonth(nowMs: number, timeZone: string): string {
  return DateTime.fromMillis(nowMs, { zone: timeZone }).minus({ months: 1 }).toFormat('yyyy-MM');
}

/** Loads what a month's statistics are computed from, optionally for one company only. */
export async function loadMonth(repos: Repositories, month: string, timeZone: string, companyId?: number): Promise<MonthRecords> {
  const { from, to } = monthRange(month, timeZone);
  const companyOfCase = new Map<number, number>();
  const companyOf = async (caseId: number) => {
    if (!companyOfCase.has(caseId)) companyOfCase.set(caseId, (await repos.cases.byId(caseId))?.companyId ?? -1);
    return companyOfCase.get(caseId)!;
  };
  const cases = await repos.cases.receivedOrClosedBetween(from, to);
  for (const c of cases) companyOfCase.set(c.id, c.companyId);
  const sessions = await Promise.all(
    (await repos.sessions.aliveBetween(from, to)).map(async (session) => ({ session, companyId: await companyOf(session.caseId), extensions: await repos.extensions.forSession(session.id) })),
  );
  const reports = await Promise.all((await repos.reports.submittedBetween(from, to)).map(async (report) => ({ report, companyId: await companyOf(report.caseId) })));
  const companies = (await repos.companies.list()).filter((c) => companyId === undefined || c.id === companyId);
  const only = <T extends { companyId: number }>(items: T[]) => (companyId === undefined ? items : items.filter((i) => i.companyId === companyId));
  return { month, timeZone, from, to, companies, cases: only(cases), sessions: only(sessions), reports: only(reports) };
}

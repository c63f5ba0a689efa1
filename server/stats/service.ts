import { DateTime } from 'luxon';
import type { MonthlyStatistics } from '../../shared/schemas/statistics.js';
import { recordAudit } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import { openingOn } from '../domain/businessHours.js';
import { enqueueMail } from '../mail/outbox.js';
import { businessCalendar } from '../services/calendar.js';
import type { Repositories } from '../store/types.js';
import { loadMonth, previousMonth } from './load.js';
import { monthlyStatistics } from './monthly.js';
import { statisticsCsv, statisticsHtml } from './render.js';

export async function statisticsFor(repos: Repositories, month: string, timeZone: string, companyId?: number): Promise<MonthlyStatistics> {
  return monthlyStatistics(await loadMonth(repos, month, timeZone, companyId));
}

/** The first day of the month with business hours, and when it opens (instant), in the calendar's zone. */
export async function firstBusinessOpening(ctx: Pick<ServerContext, 'config' | 'holidays'>, repos: Repositories, nowMs: number): Promise<number | null> {
  const calendar = await businessCalendar(ctx, repos);
  const first = DateTime.fromMillis(nowMs, { zone: ctx.config.timeZone }).startOf('month');
  for (let day = first; day.month === first.month; day = day.plus({ days: 1 })) {
    const opening = openingOn(day, calendar);
    if (opening !== null) return opening;
  }
  return null;
}

/**
 * §2 "statistics every month": from the opening of the month's first business day, each customer
 * company is mailed its statistics of the month before — once (recorded with the outbox entry in
 * one transaction), and late if the server was down that day.
 */
export async function mailMonthlyStatistics(ctx: Pick<ServerContext, 'store' | 'clock' | 'config' | 'holidays' | 'outbox' | 'logger'>): Promise<number> {
  const now = ctx.clock.now();
  const opening = await firstBusinessOpening(ctx, ctx.store.read, now);
  if (opening === null || now < opening) return 0;
  const month = previousMonth(now, ctx.config.timeZone);
  let mailed = 0;
  for (const company of await ctx.store.read.companies.list()) {
    // Every node runs this every hour: the ones already mailed cost a read, not a write.
    if (await ctx.store.read.statisticsMailings.has(month, company.id)) continue;
    // Checked again inside the transaction: of several nodes at once, only one records it.
    const sent = await ctx.store.write(async (tx) => {
      if (await tx.statisticsMailings.has(month, company.id)) return false;
      const stats = await statisticsFor(tx, month, ctx.config.timeZone, company.id);
      const mail = await enqueueMail(tx, now, {
        kind: 'statistics',
        recipient: company.reportEmail,
        subject: `[RemoteAssist] 월간 통계 / Monthly statistics ${month} — ${company.name}`,
        html: statisticsHtml(stats),
        text: `Monthly statistics ${month} for ${company.name}: ${stats.overall.casesReceived} cases received, ${stats.overall.casesClosed} closed. See the HTML part and the CSV attachment.`,
        attachments: [{ filename: `statistics-${month}.csv`, contentType: 'text/csv', content: statisticsCsv(stats) }],
      });
      await tx.statisticsMailings.insert(month, company.id, mail.id);
      await recordAudit(tx, now, { actor: { kind: 'system' }, action: 'statistics.mailed', details: { month, companyId: company.id, outboxId: mail.id, to: company.reportEmail } });
      return true;
    });
    if (sent) mailed++;
  }
  if (mailed > 0) {
    ctx.logger.info({ month, mailed }, 'monthly statistics queued for mailing');
    void ctx.outbox.kick();
  }
  return mailed;
}

import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { StatisticsQuery } from '../../../shared/schemas/statistics.js';
import type { ServerContext } from '../../context.js';
import { statisticsCsv, statisticsHtml } from '../../stats/render.js';
import { statisticsFor } from '../../stats/service.js';
import { allow, currentUser } from '../auth.js';
import { queryOf } from '../validate.js';

/** `/api/statistics/monthly`: §2's monthly statistics as JSON, CSV or HTML. */
export function statisticsRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/monthly', allow('admin', 'auditor', 'engineer', 'callcenter'), async (req, res) => {
    const query = queryOf(StatisticsQuery, req);
    const user = currentUser(res);
    // Call-center staff see their own company's figures only.
    if (user.role === 'callcenter' && query.companyId !== undefined && query.companyId !== user.companyId) throw new AppError('NOT_FOUND', `No company ${query.companyId}.`);
    const companyId = user.role === 'callcenter' ? (user.companyId ?? undefined) : query.companyId;
    const stats = await statisticsFor(ctx.store.read, query.month, ctx.config.timeZone, companyId);
    if (query.format === 'csv') res.attachment(`statistics-${query.month}.csv`).type('text/csv; charset=utf-8').send(`\uFEFF${statisticsCsv(stats)}`);
    else if (query.format === 'html') res.type('html').send(statisticsHtml(stats));
    else res.json(stats);
  });
  return router;
}

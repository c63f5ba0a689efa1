import { Router } from 'express';
import { z } from 'zod';
import { ReportRequest } from '../../../shared/schemas/reports.js';
import { Id } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validation.js';
import type { ServerContext } from '../../context.js';
import { getReport, listReports, previewReport, submitReport } from '../../reports/reportService.js';
import { allow, currentUser } from '../auth.js';
import { bodyOf, idOf, queryOf } from '../validate.js';

const ReportFormat = z.strictObject({ format: z.enum(['json', 'html']).default('json') });

/** `/api/cases/:id/reports`: the result report of a case (§2). */
export function caseReportRoutes(ctx: ServerContext): Router {
  const router = Router({ mergeParams: true });
  router.post('/preview', allow('engineer'), async (req, res) => {
    const { report, html } = await previewReport(ctx, currentUser(res), idOf(req), bodyOf(ReportRequest, req));
    res.json({ report, html });
  });
  router.post('/', allow('engineer'), async (req, res) => {
    res.status(201).json(await submitReport(ctx, currentUser(res), idOf(req), bodyOf(ReportRequest, req)));
  });
  router.get('/', async (req, res) => {
    res.json(await listReports(ctx, currentUser(res), idOf(req)));
  });
  router.get('/:reportId', async (req, res) => {
    const { reportId } = parse(z.object({ reportId: Id }), req.params, 'path');
    const { format } = queryOf(ReportFormat, req);
    const report = await getReport(ctx, currentUser(res), idOf(req), reportId);
    if (format === 'html') res.type('html').send(report.html);
    else res.json(report.json);
  });
  return router;
}

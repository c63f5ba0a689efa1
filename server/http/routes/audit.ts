import { Router } from 'express';
import { z } from 'zod';
import { AuditQuery } from '../../../shared/schemas/audit.js';
import type { AppContext } from '../../context.js';
import { exportAudit, listAudit, verifyAuditLog } from '../../services/auditLog.js';
import { allow, currentUser } from '../auth.js';
import { queryOf } from '../validate.js';

const ExportQuery = AuditQuery.omit({ afterSeq: true, limit: true }).extend({ format: z.enum(['jsonl', 'csv']).default('jsonl') });

/** What auditors read: the log, its export and its verification. Read-only by construction. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(allow('auditor', 'admin'));
  router.get('/', async (req, res) => {
    res.json(await listAudit(ctx, queryOf(AuditQuery, req)));
  });
  router.get('/verify', async (_req, res) => {
    res.json(await verifyAuditLog(ctx.store));
  });
  router.get('/export', async (req, res) => {
    const { format, ...filter } = queryOf(ExportQuery, req);
    const lines = exportAudit(ctx, currentUser(res), filter, format);
    const first = await lines.next(); // records the export before any byte is sent
    if (format === 'csv') res.attachment('audit-log.csv').type('text/csv; charset=utf-8');
    else res.attachment('audit-log.jsonl').type('application/x-ndjson');
    if (!first.done) res.write(first.value);
    for await (const line of lines) {
      if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  return router;
}

import express, { Router } from 'express';
import { CaseListQuery, ContactAttemptRequest, RevealCredentialsRequest, TransitionRequest } from '../../../shared/schemas/cases.js';
import type { AppContext } from '../../context.js';
import { assignToSelf, logContact, revealCredentials, transition } from '../../services/cases/actions.js';
import { importCases } from '../../services/cases/bulkImport.js';
import { fileCase, getCase, listCases, queue } from '../../services/cases/queries.js';
import { csvTemplate, XLSX_TYPE } from '../../services/cases/sheet.js';
import { xlsxTemplate } from '../../services/cases/sheetXlsx.js';
import type { SheetReader } from '../../services/cases/sheetReader.js';
import { allow, currentUser } from '../auth.js';
import type { RequestErrorLocals } from '../errors.js';
import { bodyOf, idOf, queryOf } from '../validate.js';

export function caseRoutes(ctx: AppContext & { sheets: SheetReader }): Router {
  const router = Router();
  router.param('id', (_req, res, next, id) => {
    const caseId = Number(id);
    if (Number.isSafeInteger(caseId) && caseId > 0) (res.locals as RequestErrorLocals).auditCaseId = caseId;
    next();
  });
  const upload = express.raw({ type: () => true, limit: `${ctx.config.uploadLimitKb}kb` });

  router.get('/import/template.xlsx', allow('callcenter', 'admin'), async (_req, res) => {
    res.type(XLSX_TYPE).attachment('second-level-request-template.xlsx').send(await xlsxTemplate());
  });
  router.get('/import/template.csv', allow('callcenter', 'admin'), (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('second-level-request-template.csv').send(csvTemplate());
  });
  router.post('/import', allow('callcenter'), upload, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    res.json(await importCases(ctx, currentUser(res), type, body));
  });

  router.post('/', allow('callcenter'), async (req, res) => {
    res.status(201).json(await fileCase(ctx, currentUser(res), req.body ?? {}));
  });
  router.get('/', async (req, res) => {
    res.json(await listCases(ctx, currentUser(res), queryOf(CaseListQuery, req)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getCase(ctx, currentUser(res), idOf(req)));
  });
  router.post('/:id/assign', allow('engineer'), async (req, res) => {
    res.json(await assignToSelf(ctx, currentUser(res), idOf(req)));
  });
  router.post('/:id/contacts', allow('engineer'), async (req, res) => {
    res.status(201).json(await logContact(ctx, currentUser(res), idOf(req), bodyOf(ContactAttemptRequest, req)));
  });
  router.post('/:id/transitions', allow('engineer'), async (req, res) => {
    res.json(await transition(ctx, currentUser(res), idOf(req), bodyOf(TransitionRequest, req)));
  });
  router.post('/:id/credentials/reveal', allow('engineer'), async (req, res) => {
    const { reason } = bodyOf(RevealCredentialsRequest, req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await revealCredentials(ctx, currentUser(res), idOf(req), reason));
  });
  return router;
}

export function queueRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', allow('engineer', 'admin'), async (_req, res) => {
    res.json(await queue(ctx));
  });
  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import { ClosureDay } from '../../../shared/schemas/closures.js';
import { IsoDate, IsoDateTime } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validation.js';
import type { AppContext } from '../../context.js';
import { deleteClosure, hoursStatus, listClosures, putClosure } from '../../services/calendar.js';
import { allow, currentUser } from '../auth.js';
import { bodyOf, queryOf } from '../validate.js';

const HoursQuery = z.strictObject({ at: IsoDateTime.optional() });

export function calendarRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/business-hours', async (req, res) => {
    const { at } = queryOf(HoursQuery, req);
    res.json(await hoursStatus(ctx, at ? Date.parse(at) : ctx.clock.now()));
  });
  router.get('/closures', async (_req, res) => {
    res.json(await listClosures(ctx));
  });
  router.post('/closures', allow('admin'), async (req, res) => {
    res.status(201).json(await putClosure(ctx, currentUser(res), bodyOf(ClosureDay, req)));
  });
  router.delete('/closures/:date', allow('admin'), async (req, res) => {
    const { date } = parse(z.object({ date: IsoDate }), req.params, 'path');
    await deleteClosure(ctx, currentUser(res), date);
    res.status(204).end();
  });
  return router;
}

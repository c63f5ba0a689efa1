import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { OutboxQuery, type OutboxEntryView } from '../../../shared/schemas/outbox.js';
import { recordAudit } from '../../audit/trail.js';
import type { ServerContext } from '../../context.js';
import { userActor } from '../../access/actors.js';
import type { OutboxRecord } from '../../store/types.js';
import { allow, currentUser } from '../auth.js';
import { idOf, queryOf } from '../validate.js';

const toView = ({ html: _h, text: _t, attachments: _a, ...m }: OutboxRecord): OutboxEntryView => m;

/** `/api/outbox`: the report and statistics mails, with their delivery status (admins). */
export function outboxRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.use(allow('admin'));
  router.get('/', async (req, res) => {
    const { limit } = queryOf(OutboxQuery, req);
    res.json((await ctx.store.read.outbox.list(limit)).map(toView));
  });
  router.post('/:id/retry', async (req, res) => {
    const id = idOf(req);
    const user = currentUser(res);
    await ctx.store.write(async (tx) => {
      if (!(await tx.outbox.retryNow(id, new Date(ctx.clock.now()).toISOString()))) throw new AppError('CONFLICT', `Message ${id} is not waiting for delivery.`);
      await recordAudit(tx, ctx.clock.now(), { actor: userActor(user), action: 'outbox.retry_requested', details: { outboxId: id } });
    });
    await ctx.outbox.kick();
    const message = await ctx.store.read.outbox.byId(id);
    res.json(message ? toView(message) : null);
  });
  return router;
}

import { AppError } from '../../shared/errors.js';
import type { BusinessHoursStatus, ClosureDay } from '../../shared/schemas/closures.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { businessHoursStatus, type BusinessCalendar } from '../domain/businessHours.js';
import type { Repositories } from '../store/types.js';

type Deps = Pick<AppContext, 'store' | 'clock' | 'config' | 'holidays'>;

/** The calendar as it stands: the time zone, public holidays and the admin's closure days. */
export async function businessCalendar(ctx: Pick<AppContext, 'config' | 'holidays'>, repos: Repositories): Promise<BusinessCalendar> {
  const closures = await repos.closures.list();
  return { timeZone: ctx.config.timeZone, holidays: ctx.holidays, closures: new Map(closures.map((c) => [c.date, c.reason])) };
}

export async function hoursStatus(ctx: Deps, atMs: number): Promise<BusinessHoursStatus> {
  return businessHoursStatus(atMs, await businessCalendar(ctx, ctx.store.read));
}

export async function listClosures(ctx: Deps): Promise<ClosureDay[]> {
  return ctx.store.read.closures.list();
}

export async function putClosure(ctx: Deps, actor: AuthUser, closure: ClosureDay): Promise<ClosureDay> {
  return ctx.store.write(async (tx) => {
    await tx.closures.upsert(closure, actor.id);
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'closure.set', details: { ...closure } });
    return closure;
  });
}

export async function deleteClosure(ctx: Deps, actor: AuthUser, date: string): Promise<void> {
  await ctx.store.write(async (tx) => {
    if (!(await tx.closures.delete(date))) throw new AppError('NOT_FOUND', `No closure day on ${date}.`);
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'closure.removed', details: { date } });
  });
}

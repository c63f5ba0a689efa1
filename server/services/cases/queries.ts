import type { CaseIntake, CaseListQuery, CaseView, QueueEntry } from '../../../shared/schemas/cases.js';
import type { AppContext } from '../../context.js';
import type { AuthUser } from '../../access/actors.js';
import { loadVisibleCase } from '../../access/caseVisibility.js';
import { orderQueue } from '../../domain/queue.js';
import { loadDirectory } from './directory.js';
import { insertCases, validateIntake } from './intake.js';
import { toCaseView } from './views.js';

type Deps = Pick<AppContext, 'store' | 'clock' | 'config' | 'holidays' | 'secrets'>;

export async function fileCase(ctx: Deps, actor: AuthUser, input: unknown): Promise<CaseView> {
  const intake: CaseIntake = validateIntake(input, ctx.clock.now(), ctx.config.timeZone);
  const [record] = await ctx.store.write((tx) => insertCases(ctx, tx, actor, [intake], { via: 'api' }));
  if (!record) throw new Error('insertCases returned nothing for one request');
  return toCaseView(record, await loadDirectory(ctx.store.read), ctx.clock.now());
}

export async function getCase(ctx: Deps, user: AuthUser, id: number): Promise<CaseView> {
  const c = await loadVisibleCase(ctx.store.read, user, id);
  const contacts = await ctx.store.read.cases.contacts(id);
  return toCaseView(c, await loadDirectory(ctx.store.read), ctx.clock.now(), contacts);
}

export async function listCases(ctx: Deps, user: AuthUser, query: CaseListQuery): Promise<CaseView[]> {
  const companyId = user.role === 'callcenter' ? (user.companyId ?? -1) : query.companyId;
  const records = await ctx.store.read.cases.list({ ...query, companyId });
  const dir = await loadDirectory(ctx.store.read);
  const now = ctx.clock.now();
  return records.map((c) => toCaseView(c, dir, now));
}

/** Every open case in the order engineers take them, with its position and SLA clock. */
export async function queue(ctx: Deps): Promise<QueueEntry[]> {
  const open = await ctx.store.read.cases.listOpen();
  const dir = await loadDirectory(ctx.store.read);
  const now = ctx.clock.now();
  return orderQueue(open).map((c) => ({ ...toCaseView(c, dir, now), queuePosition: c.queuePosition }));
}

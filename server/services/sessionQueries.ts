import { AppError } from '../../shared/errors.js';
import type { SessionView } from '../../shared/protocol/session.js';
import type { AuthUser, ServerContext } from '../context.js';
import type { ConsentRecord } from '../store/types.js';
import { loadVisibleCase } from './cases/queries.js';
import { toSessionView } from '../sessions/views.js';

/** Sessions are visible to whoever may see their case. */
async function visibleSession(ctx: ServerContext, user: AuthUser, id: number) {
  const s = await ctx.store.read.sessions.byId(id);
  if (!s) throw new AppError('NOT_FOUND', `No session ${id}.`);
  await loadVisibleCase(ctx.store.read, user, s.caseId);
  return s;
}

export async function getSession(ctx: ServerContext, user: AuthUser, id: number): Promise<SessionView> {
  return toSessionView(ctx.live, ctx.store.read, await visibleSession(ctx, user, id));
}

export async function sessionsOfCase(ctx: ServerContext, user: AuthUser, caseId: number): Promise<SessionView[]> {
  await loadVisibleCase(ctx.store.read, user, caseId);
  const sessions = await ctx.store.read.sessions.forCase(caseId);
  return Promise.all(sessions.map((s) => toSessionView(ctx.live, ctx.store.read, s)));
}

export async function consentsOfSession(ctx: ServerContext, user: AuthUser, id: number): Promise<ConsentRecord[]> {
  await visibleSession(ctx, user, id);
  return ctx.store.read.consents.forSession(id);
}

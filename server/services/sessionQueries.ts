import { AppError } from '../../shared/errors.js';
import { SessionAction } from '../../shared/protocol/actions.js';
import type { SessionListItem, SessionListQuery, SessionView } from '../../shared/protocol/session.js';
import type { CaseDiagnostic } from '../../shared/protocol/diagnosticResults.js';
import type { PlaybackCheckView } from '../../shared/playbackCheck/records.js';
import { toPlaybackCheckView } from '../sessions/browserSession.js';
import type { ServerContext } from '../context.js';
import type { AuthUser } from '../access/actors.js';
import type { ConsentRecord } from '../store/types.js';
import { loadVisibleCase } from '../access/caseVisibility.js';
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

/** Auditors' and engineers' list of sessions, newest first. */
export async function searchSessions(ctx: ServerContext, query: SessionListQuery): Promise<SessionListItem[]> {
  const rows = await ctx.store.read.sessions.search(query);
  const companies = new Map((await ctx.store.read.companies.list()).map((c) => [c.id, c.name]));
  return Promise.all(
    rows.map(async (r) => ({
      ...(await toSessionView(ctx.live, ctx.store.read, r)),
      company: { id: r.companyId, name: companies.get(r.companyId) ?? `#${r.companyId}` },
      caseOutcome: r.caseOutcome,
    })),
  );
}

/** The diagnostics run in a case's sessions (the automatic pre-check and the engineer's runs), newest first. */
export async function diagnosticsOfCase(ctx: ServerContext, user: AuthUser, caseId: number): Promise<CaseDiagnostic[]> {
  await loadVisibleCase(ctx.store.read, user, caseId);
  const runs: CaseDiagnostic[] = [];
  for await (const e of ctx.store.read.audit.all({ caseId, action: 'session.diagnostic_run' })) {
    const d = SessionAction.safeParse({ kind: 'diagnostic_run', ...Object.fromEntries(Object.entries(e.details).filter(([k]) => k !== 'reportedBy')) });
    if (d.success && d.data.kind === 'diagnostic_run') runs.push({ at: e.at, sessionId: e.sessionId, ...d.data });
  }
  return runs.reverse();
}

/** The playback checks the case's browser sessions sent, newest first, as the server evaluated them. */
export async function playbackChecksOfCase(ctx: ServerContext, user: AuthUser, caseId: number): Promise<PlaybackCheckView[]> {
  await loadVisibleCase(ctx.store.read, user, caseId);
  return (await ctx.store.read.playbackChecks.forCase(caseId)).map(toPlaybackCheckView).reverse();
}

export async function consentsOfSession(ctx: ServerContext, user: AuthUser, id: number): Promise<ConsentRecord[]> {
  await visibleSession(ctx, user, id);
  return ctx.store.read.consents.forSession(id);
}

import type { SessionView } from '../../shared/protocol/session.js';
import { caseRef } from '../../shared/schemas/cases.js';
import { deadlineView } from '../domain/sessions/timeLimit.js';
import type { Repositories, SessionRecord } from '../store/types.js';
import type { SessionDeps } from './deps.js';

export function deadlineOf(deps: Pick<SessionDeps, 'clock' | 'config'>, s: SessionRecord) {
  return s.deadlineAt && s.status !== 'ended' ? deadlineView(Date.parse(s.deadlineAt), s.grantedMinutes, deps.config.session, deps.clock.now()) : null;
}

export async function toSessionView(deps: Pick<SessionDeps, 'clock' | 'config' | 'presence'>, repos: Repositories, s: SessionRecord): Promise<SessionView> {
  const engineer = await repos.users.byId(s.engineerId);
  return {
    id: s.id,
    caseId: s.caseId,
    caseRef: caseRef(s.caseId),
    engineer: { id: s.engineerId, displayName: engineer?.displayName ?? `#${s.engineerId}` },
    status: s.status,
    createdAt: s.createdAt,
    agentJoinedAt: s.agentJoinedAt,
    startedAt: s.startedAt,
    deadline: deadlineOf(deps, s),
    endedAt: s.endedAt,
    endReason: s.endReason,
    device: s.device,
    agentKind: s.agentKind,
    allowObservers: s.allowObservers,
    agentConnected: s.status !== 'ended' && (await deps.presence.agentConnected(s.id)),
  };
}

/** Tells every viewer of the session its current state. */
export async function broadcastState(deps: SessionDeps, sessionId: number): Promise<void> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (s) deps.notify.toViewers(sessionId, 'session:state', await toSessionView(deps, deps.store.read, s));
}

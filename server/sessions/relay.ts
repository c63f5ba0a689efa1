import { AppError } from '../../shared/errors.js';
import type { SessionAction } from '../../shared/protocol/actions.js';
import type { SignalData } from '../../shared/protocol/signal.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import { agentActor, userActor, type AuthUser } from '../access/actors.js';
import { viewOnlyAllows } from '../domain/sessions/browserDevice.js';
import { sessionStep } from '../domain/sessions/stateMachine.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, type SessionDeps } from './deps.js';
import type { ViewerPresence } from './ports.js';

/**
 * Loads the session and refuses — with the state machine's code, in the audit log — anything
 * that would pass data outside an active, consented session.
 */
async function requireActive(deps: SessionDeps, sessionId: number, actor: AuditActor, what: 'signal' | 'action'): Promise<SessionRecord> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) throw new AppError('NOT_FOUND', `No session ${sessionId}.`);
  const step = sessionStep(s.status, what === 'signal' ? 'relay' : 'action');
  if (!step.ok) {
    const { code, message } = step.refusal;
    await deps.store.write((tx) => auditSession(deps, tx, s, actor, `session.${what}_refused`, { code, status: s.status }));
    throw new AppError(code, message);
  }
  return s;
}

async function refuseOutsider(deps: SessionDeps, s: SessionRecord, actor: AuditActor, what: string, message: string): Promise<never> {
  await deps.store.write((tx) => auditSession(deps, tx, s, actor, `session.${what}_refused`, { code: 'NOT_SESSION_PARTICIPANT' }));
  throw new AppError('NOT_SESSION_PARTICIPANT', message);
}

/** Agent → one viewer: only the consented agent, only to a viewer of this session. */
export async function relayFromAgent(deps: SessionDeps, sessionId: number, to: string, data: SignalData): Promise<void> {
  const s = await requireActive(deps, sessionId, agentActor({ id: sessionId }), 'signal');
  const viewer = (await deps.presence.viewers(sessionId)).find((v) => v.viewerId === to);
  if (!viewer || (viewer.role === 'observer' && !s.allowObservers)) {
    await refuseOutsider(deps, s, agentActor(s), 'signal', 'That viewer is not watching this session.');
  }
  deps.notify.toViewer(to, 'signal', { sessionId, data });
}

/** Viewer → agent: only the owner, or an observer the end user allowed. */
export async function relayFromViewer(deps: SessionDeps, user: AuthUser, viewer: ViewerPresence | undefined, sessionId: number, data: SignalData): Promise<void> {
  const s = await requireActive(deps, sessionId, userActor(user), 'signal');
  if (!viewer || (viewer.role === 'observer' && !s.allowObservers)) {
    await refuseOutsider(deps, s, userActor(user), 'signal', 'Watch the session first.');
  }
  deps.notify.toAgent(sessionId, 'signal', { from: viewer!.viewerId, data });
}

/** A browser session is view only: anything but chat is refused from either side, and audited. */
async function requireViewOnlyAllows(deps: SessionDeps, s: SessionRecord, actor: AuditActor, action: SessionAction): Promise<void> {
  if (s.agentKind !== 'browser' || viewOnlyAllows(action.kind)) return;
  await deps.store.write((tx) => auditSession(deps, tx, s, actor, 'session.action_refused', { code: 'VIEW_ONLY_SESSION', kind: action.kind }));
  throw new AppError('VIEW_ONLY_SESSION', 'This session runs in the user’s browser: view only, no remote control, no diagnostics.');
}

function actionDetails(action: SessionAction): Record<string, unknown> {
  const { kind: _kind, ...rest } = action;
  return rest;
}

/** The agent's account of what happened on the user's PC: the evidence, in the audit log. */
export async function recordAgentAction(deps: SessionDeps, sessionId: number, action: SessionAction): Promise<void> {
  const s = await requireActive(deps, sessionId, agentActor({ id: sessionId }), 'action');
  await requireViewOnlyAllows(deps, s, agentActor(s), action);
  await deps.store.write((tx) => auditSession(deps, tx, s, agentActor(s), `session.${action.kind}`, { reportedBy: s.agentKind === 'browser' ? 'browser' : 'agent', ...actionDetails(action) }));
  deps.notify.toViewers(sessionId, 'session:action', { sessionId, actor: 'agent', action });
}

export async function recordEngineerAction(deps: SessionDeps, user: AuthUser, viewer: ViewerPresence | undefined, sessionId: number, action: SessionAction): Promise<void> {
  const s = await requireActive(deps, sessionId, userActor(user), 'action');
  if (!viewer || viewer.role !== 'owner') await refuseOutsider(deps, s, userActor(user), 'action', 'Only the engineer who owns the session reports its actions.');
  await requireViewOnlyAllows(deps, s, userActor(user), action);
  await deps.store.write((tx) => auditSession(deps, tx, s, userActor(user), `session.${action.kind}`, { reportedBy: 'engineer', ...actionDetails(action) }));
  deps.notify.toViewers(sessionId, 'session:action', { sessionId, actor: 'engineer', action });
  // The agent program hears the engineer's chat on its data channel; a browser may have none (a
  // phone shares nothing), so the server carries it there — after it is on record, as above.
  if (s.agentKind === 'browser' && action.kind === 'chat') deps.notify.toAgent(sessionId, 'session:chat', { text: action.text, at: new Date(deps.clock.now()).toISOString(), from: user.displayName });
}

import { AppError } from '../../shared/errors.js';
import type { SessionView } from '../../shared/protocol/session.js';
import type { IceServer } from '../../shared/protocol/signal.js';
import type { ViewerRole } from '../../shared/protocol/events.js';
import { agentActor, userActor, type AuthUser } from '../access/actors.js';
import { graceApplies } from '../domain/sessions/rules.js';
import { sessionAllows, sessionStep } from '../domain/sessions/stateMachine.js';
import { iceServersFor } from '../security/turn.js';
import { auditSession, type SessionDeps, timerKey } from './deps.js';
import { offerToAgent } from './extensions.js';
import type { ViewerPresence } from './ports.js';
import { cancelGrace, startGrace } from './scheduling.js';
import { broadcastState, toSessionView } from './views.js';

/**
 * A staff member starts watching a session. The owner always may; another engineer or an admin
 * (a supervisor) only once the end user has consented to observers — and that is audited.
 */
export async function authorizeWatch(deps: SessionDeps, user: AuthUser, sessionId: number): Promise<{ session: SessionView; role: ViewerRole; iceServers: IceServer[] }> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) throw new AppError('NOT_FOUND', `No session ${sessionId}.`);
  const role: ViewerRole = s.engineerId === user.id ? 'owner' : 'observer';
  const step = sessionStep(s.status, role === 'owner' ? 'watch_owner' : 'watch_observer');
  if (role === 'observer') {
    const allowed = (user.role === 'engineer' || user.role === 'admin') && step.ok && s.allowObservers;
    await deps.store.write((tx) =>
      auditSession(deps, tx, s, userActor(user), allowed ? 'session.observer_joined' : 'session.observer_refused', { status: s.status, allowObservers: s.allowObservers }),
    );
    if (!allowed) throw new AppError('OBSERVERS_NOT_ALLOWED', 'Only the owning engineer may watch, unless the end user consented to observers.');
  } else {
    if (!step.ok) throw new AppError(step.refusal.code, step.refusal.message);
    // Only a running grace costs a write (a grace started meanwhile does not end a session whose owner is back).
    if (await deps.store.read.timers.byKey(timerKey.grace(sessionId, 'engineer'))) await deps.store.write((tx) => cancelGrace(tx, sessionId, 'engineer'));
  }
  return { session: await toSessionView(deps, deps.store.read, s), role, iceServers: iceServersFor(deps.config.ice, `session-${sessionId}`, deps.clock.now()) };
}

/** After the viewer is registered: in a running session the agent starts a peer for it. */
export async function viewerJoined(deps: SessionDeps, sessionId: number, viewer: ViewerPresence): Promise<void> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (s && sessionAllows(s.status, 'relay')) deps.notify.toAgent(sessionId, 'viewer:joined', { viewerId: viewer.viewerId, role: viewer.role, name: viewer.name });
}

/** A viewer went away. When the owner is gone from a live session, the grace period starts. */
export async function viewerLeft(deps: SessionDeps, sessionId: number, viewer: ViewerPresence, details: Record<string, unknown> = {}): Promise<void> {
  deps.notify.toAgent(sessionId, 'viewer:left', { viewerId: viewer.viewerId });
  if (viewer.role !== 'owner') return;
  const s = await deps.store.read.sessions.byId(sessionId);
  const ownerStillHere = (await deps.presence.viewers(sessionId)).some((v) => v.role === 'owner');
  if (!s || !graceApplies(s.status, 'engineer') || ownerStillHere) return;
  await deps.store.write(async (tx) => {
    await auditSession(deps, tx, s, { kind: 'user', userId: viewer.userId, role: 'engineer', name: viewer.name }, 'session.engineer_disconnected', details);
    await startGrace(deps, tx, sessionId, 'engineer');
  });
}

/**
 * The agent's connection is up (first join or reconnect; `resumeWithToken` ended its grace
 * period): tell it who is watching and what is pending.
 */
export async function agentConnected(deps: SessionDeps, sessionId: number): Promise<void> {
  await broadcastState(deps, sessionId);
  const pending = await deps.store.read.extensions.pendingForSession(sessionId);
  if (pending) await offerToAgent(deps, pending);
}

/** The agent's connection is gone (and no newer one replaced it): its grace period starts. */
export async function agentDisconnected(deps: SessionDeps, sessionId: number, details: Record<string, unknown> = {}): Promise<void> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s || !graceApplies(s.status, 'agent')) return;
  await deps.store.write(async (tx) => {
    await auditSession(deps, tx, s, agentActor(s), 'session.agent_disconnected', { status: s.status, ...details });
    await startGrace(deps, tx, sessionId, 'agent');
  });
  await broadcastState(deps, sessionId);
}

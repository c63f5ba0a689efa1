import { SYSTEM } from '../access/actors.js';
import { graceApplies } from '../domain/sessions/rules.js';
import { warningPlan } from '../domain/sessions/timeLimit.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, type SessionDeps } from './deps.js';
import { endSession } from './ending.js';
import type { LostPresence } from './ports.js';
import { agentDisconnected, viewerLeft } from './presence.js';
import { startGrace, startGraceUnlessRunning } from './scheduling.js';
import { timerKey } from './timerKeys.js';

const MINUTE = 60_000;

/** The sides whose absence the grace period covers in this session, by its status. */
function graceSides(s: SessionRecord): Array<'agent' | 'engineer'> {
  const sides: Array<'agent' | 'engineer'> = [];
  // An agent that never joined is covered by the code's expiry, not by a grace period.
  if (s.agentJoinedAt && graceApplies(s.status, 'agent')) sides.push('agent');
  if (graceApplies(s.status, 'engineer')) sides.push('engineer');
  return sides;
}

/**
 * The due-times an open session's record implies — code expiry, consent lapse, deadline and
 * warnings, a pending extension's lapse — stored where missing (never moved). They are written
 * with every change that sets them; this restores those of a store written before they were
 * stored (an upgrade) and costs nothing otherwise. The grace periods are not in the record: they
 * depend on who is connected (`recoverAfterRestart`, `claimAbandonedSides`).
 */
export async function restoreMissingTimers(deps: SessionDeps): Promise<void> {
  const now = deps.clock.now();
  const pending = new Map((await deps.store.read.extensions.listPending()).map((e) => [e.sessionId, e]));
  for (const s of await deps.store.read.sessions.listOpen()) {
    const due: Array<[string, number]> = [];
    if (s.status === 'waiting' && !s.agentJoinedAt) {
      const code = await deps.store.read.joinCodes.forSession(s.id);
      due.push([timerKey.code(s.id), code ? Date.parse(code.expiresAt) : now]);
    } else if (s.status !== 'active') {
      due.push([timerKey.consent(s.id), Date.parse(s.agentJoinedAt ?? s.createdAt) + deps.config.consentAnswerMinutes * MINUTE]);
    } else if (s.deadlineAt) {
      const deadlineMs = Date.parse(s.deadlineAt);
      due.push([timerKey.deadline(s.id), deadlineMs]);
      for (const w of warningPlan(deadlineMs, deps.config.session, s.warningsSent, now).schedule) due.push([timerKey.warning(s.id, w.minutesLeft), w.atMs]);
    }
    const extension = pending.get(s.id);
    if (extension) due.push([timerKey.extension(s.id, extension.id), Date.parse(extension.expiresAt)]);
    await deps.store.write(async (tx) => {
      for (const [key, atMs] of due) await tx.timers.setIfAbsent({ key, sessionId: s.id, dueAt: new Date(atMs).toISOString() });
    });
    for (const [, atMs] of due) deps.timers.wake(atMs);
  }
}

/**
 * After a restart of the one server (the embedded store): nobody is connected, so each open
 * session's sides get the grace period to come back, counted from now. A session whose deadline
 * passed while the server was down is ended now, and the audit says so.
 */
export async function recoverAfterRestart(deps: SessionDeps): Promise<void> {
  const now = deps.clock.now();
  for (const s of await deps.store.read.sessions.listOpen()) {
    await deps.store.write((tx) => auditSession(deps, tx, s, SYSTEM, 'session.recovered', { status: s.status, deadlineAt: s.deadlineAt }));
    // Only where the state machine lets the deadline end it (a running session).
    if (s.deadlineAt && Date.parse(s.deadlineAt) <= now && (await endSession(deps, s.id, 'expired', SYSTEM, { whileServerDown: true }))) continue;
    await deps.store.write(async (tx) => {
      for (const side of graceSides(s)) await startGrace(deps, tx, s.id, side);
    });
  }
  await restoreMissingTimers(deps);
}

/**
 * On a node of several, at its start: a side of an open session that no node holds now (and
 * whose grace period is not running) gets its grace period — it was connected to a node that
 * died while no other was there to notice, or Redis lost who was where. Sides connected to any
 * live node are left alone: a node that starts takes nothing over.
 */
export async function claimAbandonedSides(deps: SessionDeps): Promise<void> {
  for (const s of await deps.store.read.sessions.listOpen()) {
    for (const side of graceSides(s)) {
      const present = side === 'agent' ? await deps.presence.agentConnected(s.id) : (await deps.presence.viewers(s.id)).some((v) => v.role === 'owner');
      if (present) continue;
      await deps.store.write(async (tx) => {
        if (await startGraceUnlessRunning(deps, tx, s.id, side)) {
          await auditSession(deps, tx, s, SYSTEM, `session.${side}_disconnected`, { status: s.status, noNodeHoldsIt: true });
        }
      });
    }
  }
}

/**
 * What a node that died (or left) held, handed to the session logic as the disconnects it could
 * not report itself: the agent hears `viewer:left` for its viewers there, and each side that is
 * not back on another node gets its grace period.
 */
export async function handOverLostPresence(deps: SessionDeps, nodeId: string, lost: LostPresence[]): Promise<void> {
  for (const { sessionId, agent, viewers } of lost) {
    if (agent && !(await deps.presence.agentConnected(sessionId))) await agentDisconnected(deps, sessionId, { nodeLost: nodeId });
    for (const viewer of viewers) await viewerLeft(deps, sessionId, viewer, { nodeLost: nodeId });
  }
}

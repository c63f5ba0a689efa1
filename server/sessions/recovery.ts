import { SYSTEM } from '../access/actors.js';
import { auditSession, type SessionDeps, timerKey } from './deps.js';
import { endSession } from './ending.js';
import { expireExtension } from './extensions.js';
import { scheduleCodeExpiry, scheduleConsentTimeout, scheduleTimeLimit, startGrace } from './scheduling.js';

/**
 * After a (re)start: every open session gets its timers back from the stored deadlines. A session
 * whose deadline passed while the server was down is ended now, and the audit says so. Nobody is
 * connected yet, so each live session's sides get the usual grace period to come back.
 */
export async function recoverSessions(deps: SessionDeps): Promise<void> {
  const now = deps.clock.now();
  for (const s of await deps.store.read.sessions.listOpen()) {
    await deps.store.write((tx) => auditSession(deps, tx, s, SYSTEM, 'session.recovered', { status: s.status, deadlineAt: s.deadlineAt }));
    // Only where the state machine lets the deadline end it (a running session).
    if (s.deadlineAt && Date.parse(s.deadlineAt) <= now && (await endSession(deps, s.id, 'expired', SYSTEM, { whileServerDown: true }))) continue;
    switch (s.status) {
      case 'waiting':
        if (!s.agentJoinedAt) {
          const code = await deps.store.read.joinCodes.forSession(s.id);
          scheduleCodeExpiry(deps, s.id, code ? Date.parse(code.expiresAt) : now);
          break;
        }
        scheduleConsentTimeout(deps, s.id, Date.parse(s.agentJoinedAt));
        startGrace(deps, s.id, 'agent');
        break;
      case 'consent_pending':
        scheduleConsentTimeout(deps, s.id, Date.parse(s.agentJoinedAt ?? s.createdAt));
        startGrace(deps, s.id, 'agent');
        startGrace(deps, s.id, 'engineer');
        break;
      case 'active':
        scheduleTimeLimit(deps, s);
        startGrace(deps, s.id, 'agent');
        startGrace(deps, s.id, 'engineer');
        break;
    }
  }
  for (const request of await deps.store.read.extensions.listPending()) {
    deps.timers.set(timerKey.extension(request.sessionId, request.id), Date.parse(request.expiresAt), () => expireExtension(deps, request.id));
  }
}

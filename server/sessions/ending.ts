import type { EndReason } from '../../shared/protocol/session.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import { recordAudit } from '../audit/trail.js';
import { caseOutcomeForEnd } from '../domain/sessions/rules.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps, SYSTEM, timerKey } from './deps.js';
import { broadcastState } from './views.js';

const MINUTE = 60_000;

/**
 * Ends a session for good, once: records why, settles the case (a decline or an unsupported
 * device closes it; otherwise it goes back to `contacted` for the report), then tells both sides
 * and stops relaying. Returns null when the session had already ended.
 */
export async function endSession(deps: SessionDeps, sessionId: number, reason: EndReason, actor: AuditActor, details: Record<string, unknown> = {}): Promise<SessionRecord | null> {
  const ended = await deps.store.write(async (tx) => {
    const s = await tx.sessions.byId(sessionId);
    if (!s || s.status === 'ended') return null;
    const now = nowIso(deps);
    const pending = await tx.extensions.pendingForSession(s.id);
    if (pending) await tx.extensions.settle(pending.id, 'expired', now);
    const updated = await tx.sessions.update(s.id, { status: 'ended', endedAt: now, endReason: reason });
    await auditSession(deps, tx, s, actor, 'session.ended', {
      reason,
      statusBefore: s.status,
      startedAt: s.startedAt,
      durationMinutes: s.startedAt ? Math.round(((Date.parse(now) - Date.parse(s.startedAt)) / MINUTE) * 100) / 100 : 0,
      grantedMinutes: s.grantedMinutes,
      ...details,
    });
    const c = await tx.cases.byId(s.caseId);
    const outcome = caseOutcomeForEnd(reason);
    if (c && c.status === 'in_session') {
      if (outcome) {
        await tx.cases.update(c.id, { status: 'closed', outcome, outcomeNote: `Remote session ended: ${reason}`, closedAt: now });
        await recordAudit(tx, deps.clock.now(), { actor: SYSTEM, action: 'case.closed', caseId: c.id, sessionId: s.id, details: { statusFrom: c.status, statusTo: 'closed', outcome, via: 'session' } });
      } else {
        await tx.cases.update(c.id, { status: 'contacted' });
      }
    }
    return updated;
  });
  if (!ended) return null;
  deps.timers.clearPrefix(timerKey.prefix(sessionId));
  deps.notify.toAgent(sessionId, 'session:ended', { reason });
  deps.notify.toViewers(sessionId, 'session:ended', { sessionId, reason });
  await broadcastState(deps, sessionId);
  deps.notify.disconnectAgent(sessionId);
  deps.notify.releaseViewers(sessionId);
  deps.logger.info({ sessionId, reason }, 'session ended');
  return ended;
}

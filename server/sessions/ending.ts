import { AppError } from '../../shared/errors.js';
import type { EndReason } from '../../shared/protocol/session.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import { SYSTEM, userActor, type AuthUser } from '../access/actors.js';
import { recordAudit } from '../audit/trail.js';
import { caseOutcomeForEnd } from '../domain/sessions/rules.js';
import { sessionStep, type Refusal } from '../domain/sessions/stateMachine.js';
import type { Repositories, SessionRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps } from './deps.js';
import { broadcastState } from './views.js';

const MINUTE = 60_000;

type EndOutcome = { ended: SessionRecord; handedOverTo?: number } | { refused: Refusal };

/** Work done in the ending's own transaction once the case is settled: the session the user continues in. */
export type Continuation = (tx: Repositories, ended: SessionRecord) => Promise<SessionRecord>;

/**
 * Ends a session for good, once, if the state machine lets `reason` end it from where it is:
 * records why, settles the case (a decline or an unsupported device closes it; otherwise it goes
 * back to `contacted` for the report), then tells both sides and stops relaying.
 */
async function settleEnd(deps: SessionDeps, sessionId: number, reason: EndReason, actor: AuditActor, details: Record<string, unknown>, continueWith?: Continuation): Promise<EndOutcome> {
  const outcome = await deps.store.write(async (tx): Promise<EndOutcome> => {
    const s = await tx.sessions.byId(sessionId);
    if (!s) return { refused: { code: 'NOT_FOUND', message: `No session ${sessionId}.` } };
    const step = sessionStep(s.status, reason);
    if (!step.ok) return { refused: step.refusal };
    const now = nowIso(deps);
    const pending = await tx.extensions.pendingForSession(s.id);
    if (pending) await tx.extensions.settle(pending.id, 'expired', now);
    const updated = await tx.sessions.update(s.id, { status: step.status, endedAt: now, endReason: reason });
    // An ended session has nothing left to fire.
    await tx.timers.clearSession(s.id);
    // The caller's details come first: they add to the record, never replace what it says.
    await auditSession(deps, tx, s, actor, 'session.ended', {
      ...details,
      reason,
      statusBefore: s.status,
      startedAt: s.startedAt,
      durationMinutes: s.startedAt ? Math.round(((Date.parse(now) - Date.parse(s.startedAt)) / MINUTE) * 100) / 100 : 0,
      grantedMinutes: s.grantedMinutes,
    });
    const c = await tx.cases.byId(s.caseId);
    const caseOutcome = caseOutcomeForEnd(reason);
    if (c && c.status === 'in_session') {
      if (caseOutcome) {
        await tx.cases.update(c.id, { status: 'closed', outcome: caseOutcome, outcomeNote: `Remote session ended: ${reason}`, closedAt: now });
        await recordAudit(tx, deps.clock.now(), { actor: SYSTEM, action: 'case.closed', caseId: c.id, sessionId: s.id, details: { statusFrom: c.status, statusTo: 'closed', outcome: caseOutcome, via: 'session' } });
      } else {
        await tx.cases.update(c.id, { status: 'contacted' });
      }
    }
    const next = continueWith ? await continueWith(tx, updated) : null;
    return next ? { ended: updated, handedOverTo: next.id } : { ended: updated };
  });
  if ('refused' in outcome) return outcome;
  deps.notify.toAgent(sessionId, 'session:ended', { reason });
  deps.notify.toViewers(sessionId, 'session:ended', { sessionId, reason, ...(outcome.handedOverTo ? { handedOverTo: outcome.handedOverTo } : {}) });
  await broadcastState(deps, sessionId);
  deps.notify.disconnectAgent(sessionId);
  deps.notify.releaseViewers(sessionId);
  deps.logger.info({ sessionId, reason }, 'session ended');
  return outcome;
}

/**
 * Ends the session for a timer, a grace period, the end user or the server itself. Returns null
 * when the state machine refuses (the session ended meanwhile, or this reason does not apply any
 * more): such an end is moot, not an error.
 */
export async function endSession(deps: SessionDeps, sessionId: number, reason: EndReason, actor: AuditActor, details: Record<string, unknown> = {}): Promise<SessionRecord | null> {
  const outcome = await settleEnd(deps, sessionId, reason, actor, details);
  return 'ended' in outcome ? outcome.ended : null;
}

/**
 * Ends the session and, in the same transaction, opens the one the user continues in (a browser
 * session handing over to the agent program). The viewers' `session:ended` names the new one.
 * Refused as `endSession` would be.
 */
export async function endAndContinue(deps: SessionDeps, sessionId: number, reason: EndReason, actor: AuditActor, details: Record<string, unknown>, continueWith: Continuation): Promise<number> {
  const outcome = await settleEnd(deps, sessionId, reason, actor, details, continueWith);
  if ('refused' in outcome) throw new AppError(outcome.refused.code, outcome.refused.message);
  return outcome.handedOverTo!;
}

/** The owning engineer ends the session (from the viewer or REST); any refusal is theirs to see. */
export async function endByEngineer(deps: SessionDeps, engineer: AuthUser, sessionId: number): Promise<SessionRecord> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) throw new AppError('NOT_FOUND', `No session ${sessionId}.`);
  if (s.engineerId !== engineer.id) throw new AppError('NOT_SESSION_PARTICIPANT', 'Only the engineer who owns the session ends it.');
  const outcome = await settleEnd(deps, sessionId, 'engineer_ended', userActor(engineer), {});
  if ('refused' in outcome) throw new AppError(outcome.refused.code, outcome.refused.message);
  return outcome.ended;
}

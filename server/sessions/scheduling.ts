import { SYSTEM } from '../access/actors.js';
import { graceEndReason } from '../domain/sessions/rules.js';
import { sessionAllows } from '../domain/sessions/stateMachine.js';
import { warningPlan } from '../domain/sessions/timeLimit.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, type SessionDeps, timerKey } from './deps.js';
import { endSession } from './ending.js';
import { deadlineOf } from './views.js';

const MINUTE = 60_000;

/** The deadline and its warnings. Called at consent, after an extension and after a restart. */
export function scheduleTimeLimit(deps: SessionDeps, s: SessionRecord): void {
  if (!s.deadlineAt || !sessionAllows(s.status, 'expired')) return;
  const deadlineMs = Date.parse(s.deadlineAt);
  deps.timers.set(timerKey.deadline(s.id), deadlineMs, () => endSession(deps, s.id, 'expired', SYSTEM));
  for (const m of deps.config.session.warningMinutes) deps.timers.clear(timerKey.warning(s.id, m));
  const plan = warningPlan(deadlineMs, deps.config.session, s.warningsSent, deps.clock.now());
  for (const w of plan.schedule) {
    deps.timers.set(timerKey.warning(s.id, w.minutesLeft), w.atMs, () => sendWarning(deps, s.id, w.minutesLeft, plan.skip));
  }
}

async function sendWarning(deps: SessionDeps, sessionId: number, minutesLeft: number, skipped: number[]): Promise<void> {
  const s = await deps.store.write(async (tx) => {
    const current = await tx.sessions.byId(sessionId);
    if (!current || !sessionAllows(current.status, 'warning') || current.warningsSent.includes(minutesLeft)) return null;
    const updated = await tx.sessions.update(sessionId, { warningsSent: [...new Set([...current.warningsSent, ...skipped, minutesLeft])] });
    await auditSession(deps, tx, current, SYSTEM, 'session.warning_sent', { minutesLeft, deadlineAt: current.deadlineAt });
    return updated;
  });
  const deadline = s && deadlineOf(deps, s);
  if (!deadline) return;
  deps.notify.toAgent(sessionId, 'session:warning', { minutesLeft, deadline });
  deps.notify.toViewers(sessionId, 'session:warning', { sessionId, minutesLeft, deadline });
}

/** A join code that nobody used ends its waiting session. */
export function scheduleCodeExpiry(deps: SessionDeps, sessionId: number, expiresAtMs: number): void {
  deps.timers.set(timerKey.code(sessionId), expiresAtMs, async () => {
    // About the code, not the status: an agent that joined a moment ago used it.
    const s = await deps.store.read.sessions.byId(sessionId);
    if (s && !s.agentJoinedAt) await endSession(deps, sessionId, 'code_expired', SYSTEM);
  });
}

/** A consent prompt left unanswered declines, as the agent's own prompt does. */
export function scheduleConsentTimeout(deps: SessionDeps, sessionId: number, fromMs: number): void {
  deps.timers.set(timerKey.consent(sessionId), fromMs + deps.config.consentAnswerMinutes * MINUTE, () => endSession(deps, sessionId, 'consent_timeout', SYSTEM));
}

/** A side that stays away longer than the grace period ends the session. */
export function startGrace(deps: SessionDeps, sessionId: number, side: 'agent' | 'engineer'): void {
  deps.timers.set(timerKey.grace(sessionId, side), deps.clock.now() + deps.config.disconnectGraceMinutes * MINUTE, () =>
    endSession(deps, sessionId, graceEndReason(side), SYSTEM, { graceMinutes: deps.config.disconnectGraceMinutes }),
  );
}

export function cancelGrace(deps: SessionDeps, sessionId: number, side: 'agent' | 'engineer'): void {
  deps.timers.clear(timerKey.grace(sessionId, side));
}


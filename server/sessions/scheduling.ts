import { SYSTEM } from '../access/actors.js';
import { sessionAllows } from '../domain/sessions/stateMachine.js';
import { warningPlan, warningsCoveredBy, warningSupersededBy } from '../domain/sessions/timeLimit.js';
import type { Repositories, SessionRecord } from '../store/types.js';
import { auditSession, type SessionDeps } from './deps.js';
import { timerKey } from './timerKeys.js';
import { deadlineOf } from './views.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Stores a due-time in the caller's transaction — it exists exactly if the change that sets it
 * commits — and tells the firing about it. Any live node fires it (`timerWork.ts`).
 */
async function setTimer(deps: Pick<SessionDeps, 'timers'>, tx: Repositories, key: string, sessionId: number, atMs: number): Promise<void> {
  await tx.timers.set({ key, sessionId, dueAt: iso(atMs) });
  deps.timers.wake(atMs);
}

/** The deadline and its warnings. Called at consent and after an extension. */
export async function scheduleTimeLimit(deps: SessionDeps, tx: Repositories, s: SessionRecord): Promise<void> {
  if (!s.deadlineAt || !sessionAllows(s.status, 'expired')) return;
  const deadlineMs = Date.parse(s.deadlineAt);
  await setTimer(deps, tx, timerKey.deadline(s.id), s.id, deadlineMs);
  for (const m of deps.config.session.warningMinutes) await tx.timers.clear(timerKey.warning(s.id, m));
  for (const w of warningPlan(deadlineMs, deps.config.session, s.warningsSent, deps.clock.now()).schedule) {
    await setTimer(deps, tx, timerKey.warning(s.id, w.minutesLeft), s.id, w.atMs);
  }
}

/**
 * A "minutes left" warning to both sides, once. One whose more urgent mark is due too (the
 * server was down, or the deadline moved) is left to that one, which covers it; one for a
 * deadline already past is moot.
 */
export async function sendWarning(deps: SessionDeps, sessionId: number, minutesLeft: number): Promise<void> {
  const s = await deps.store.write(async (tx) => {
    const current = await tx.sessions.byId(sessionId);
    if (!current?.deadlineAt || !sessionAllows(current.status, 'warning') || current.warningsSent.includes(minutesLeft)) return null;
    const deadlineMs = Date.parse(current.deadlineAt);
    const now = deps.clock.now();
    if (deadlineMs <= now || warningSupersededBy(minutesLeft, deadlineMs, deps.config.session, current.warningsSent, now)) return null;
    const sent = [...new Set([...current.warningsSent, ...warningsCoveredBy(minutesLeft, deps.config.session)])];
    const updated = await tx.sessions.update(sessionId, { warningsSent: sent });
    await auditSession(deps, tx, current, SYSTEM, 'session.warning_sent', { minutesLeft, deadlineAt: current.deadlineAt });
    return updated;
  });
  const deadline = s && deadlineOf(deps, s);
  if (!deadline) return;
  deps.notify.toAgent(sessionId, 'session:warning', { minutesLeft, deadline });
  deps.notify.toViewers(sessionId, 'session:warning', { sessionId, minutesLeft, deadline });
}

/** A join code that nobody used ends its waiting session. */
export function scheduleCodeExpiry(deps: SessionDeps, tx: Repositories, sessionId: number, expiresAtMs: number): Promise<void> {
  return setTimer(deps, tx, timerKey.code(sessionId), sessionId, expiresAtMs);
}

/** A consent prompt left unanswered declines, as the agent's own prompt does. */
export function scheduleConsentTimeout(deps: SessionDeps, tx: Repositories, sessionId: number, fromMs: number): Promise<void> {
  return setTimer(deps, tx, timerKey.consent(sessionId), sessionId, fromMs + deps.config.consentAnswerMinutes * MINUTE);
}

/** A side that stays away longer than the grace period ends the session. */
export function startGrace(deps: SessionDeps, tx: Repositories, sessionId: number, side: 'agent' | 'engineer'): Promise<void> {
  return setTimer(deps, tx, timerKey.grace(sessionId, side), sessionId, deps.clock.now() + deps.config.disconnectGraceMinutes * MINUTE);
}

/**
 * The grace period of a side that may have left with its node: started only if none runs yet (a
 * running one keeps its time). Whether it started.
 */
export async function startGraceUnlessRunning(deps: SessionDeps, tx: Repositories, sessionId: number, side: 'agent' | 'engineer'): Promise<boolean> {
  const atMs = deps.clock.now() + deps.config.disconnectGraceMinutes * MINUTE;
  const started = await tx.timers.setIfAbsent({ key: timerKey.grace(sessionId, side), sessionId, dueAt: iso(atMs) });
  if (started) deps.timers.wake(atMs);
  return started;
}

export function cancelGrace(tx: Repositories, sessionId: number, side: 'agent' | 'engineer'): Promise<void> {
  return tx.timers.clear(timerKey.grace(sessionId, side));
}

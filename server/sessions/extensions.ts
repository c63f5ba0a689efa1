import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { EXTENSION_CONSENT } from '../../shared/consent.js';
import type { Deadline, ExtensionAnswer } from '../../shared/protocol/session.js';
import { deviceSummary } from '../../shared/protocol/device.js';
import { agentActor, SYSTEM, userActor, type AuthUser } from '../access/actors.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import { checkExtension, deadlineAfter } from '../domain/sessions/timeLimit.js';
import type { ExtensionRecord } from '../store/types.js';
import { checkTextIdentity, textIdentity } from './consent.js';
import { auditSession, nowIso, type SessionDeps, timerKey } from './deps.js';
import { scheduleTimeLimit } from './scheduling.js';
import { deadlineOf } from './views.js';

const MINUTE = 60_000;

/**
 * The engineer asks for more time, with a reason. Nothing changes until the end user accepts:
 * the request goes to the agent and expires by itself if unanswered. A request past the 6-hour
 * cap is refused at once, naming the most that can still be granted.
 */
export async function requestExtension(deps: SessionDeps, engineer: AuthUser, sessionId: number, minutes: number, reason: string): Promise<{ requestId: string; expiresInMs: number }> {
  const expiresInMs = deps.config.extensionAnswerMinutes * MINUTE;
  const request = await deps.store.write(async (tx) => {
    const s = await tx.sessions.byId(sessionId);
    if (!s) throw new AppError('NOT_FOUND', `No session ${sessionId}.`);
    if (s.engineerId !== engineer.id) throw new AppError('NOT_SESSION_PARTICIPANT', 'Only the engineer who owns the session can ask for more time.');
    sessionTransition(s.status, 'extension_request');
    if (await tx.extensions.pendingForSession(sessionId)) throw new AppError('EXTENSION_PENDING', 'An extension request is already waiting for the user’s answer.');
    const newTotal = checkExtension(s.grantedMinutes, minutes, deps.config.session);
    const now = nowIso(deps);
    const record = await tx.extensions.insert({
      id: randomUUID(), sessionId, minutes, reason, requestedBy: engineer.id, requestedAt: now, expiresAt: new Date(deps.clock.now() + expiresInMs).toISOString(),
    });
    await auditSession(deps, tx, s, userActor(engineer), 'session.extension_requested', { requestId: record.id, minutes, reason, newTotalMinutes: newTotal });
    await tx.timers.set({ key: timerKey.extension(sessionId, record.id), sessionId, dueAt: record.expiresAt });
    return record;
  });
  deps.timers.wake(Date.parse(request.expiresAt));
  await offerToAgent(deps, request, engineer.displayName);
  return { requestId: request.id, expiresInMs };
}

/** Sends (or, after the agent reconnects, re-sends) a pending request to the agent. */
export async function offerToAgent(deps: SessionDeps, request: ExtensionRecord, engineerName?: string): Promise<void> {
  const s = await deps.store.read.sessions.byId(request.sessionId);
  if (!s) return;
  const name = engineerName ?? (await deps.store.read.users.byId(request.requestedBy))?.displayName ?? 'HelpDesk engineer';
  deps.notify.toAgent(request.sessionId, 'session:extension-request', {
    requestId: request.id,
    minutes: request.minutes,
    reason: request.reason,
    engineerName: name,
    newTotalMinutes: s.grantedMinutes + request.minutes,
    expiresInMs: Math.max(0, Date.parse(request.expiresAt) - deps.clock.now()),
    text: await textIdentity(EXTENSION_CONSENT),
  });
}

/**
 * The end user's answer to an extension, recorded as a consent of its own. Only an explicit
 * acceptance moves the deadline; the warnings start over for the new one.
 */
export async function answerExtension(deps: SessionDeps, sessionId: number, answer: ExtensionAnswer, ip: string): Promise<{ deadline: Deadline }> {
  await checkTextIdentity(EXTENSION_CONSENT, answer);
  const s = await deps.store.write(async (tx) => {
    const request = await tx.extensions.byId(answer.requestId);
    if (!request || request.sessionId !== sessionId || request.status !== 'pending') {
      throw new AppError('EXTENSION_UNKNOWN', 'That extension request is no longer waiting for an answer.');
    }
    const current = await tx.sessions.byId(sessionId);
    if (!current) throw new AppError('SESSION_ENDED', 'The session has ended.');
    sessionTransition(current.status, 'extension_answer');
    const now = nowIso(deps);
    await tx.consents.insert({
      sessionId, kind: 'extension', decision: answer.decision, at: now, textVersion: answer.textVersion, textSha256: answer.textSha256,
      language: answer.language, typedName: answer.typedName, ip, deviceSummary: current.device ? deviceSummary(current.device) : 'unknown device',
      extensionMinutes: request.minutes, allowObservers: current.allowObservers,
    });
    await tx.extensions.settle(request.id, answer.decision === 'accept' ? 'accepted' : 'declined', now);
    await auditSession(deps, tx, current, agentActor(current, answer.typedName), 'session.extension_answered', {
      requestId: request.id, decision: answer.decision, minutes: request.minutes, textVersion: answer.textVersion, textSha256: answer.textSha256,
      language: answer.language, typedName: answer.typedName, ip,
    });
    await tx.timers.clear(timerKey.extension(sessionId, request.id));
    if (answer.decision === 'decline') return current;
    const granted = checkExtension(current.grantedMinutes, request.minutes, deps.config.session);
    const deadlineAt = new Date(deadlineAfter(Date.parse(current.startedAt ?? now), granted)).toISOString();
    const extended = await tx.sessions.update(sessionId, { grantedMinutes: granted, deadlineAt, warningsSent: [] });
    await auditSession(deps, tx, current, SYSTEM, 'session.extended', { requestId: request.id, grantedMinutes: granted, deadlineAt });
    await scheduleTimeLimit(deps, tx, extended);
    return extended;
  });
  const deadline = deadlineOf(deps, s)!;
  if (answer.decision === 'accept') {
    deps.notify.toAgent(sessionId, 'session:extended', { deadline });
  }
  deps.notify.toViewers(sessionId, 'session:extension-answer', { sessionId, requestId: answer.requestId, decision: answer.decision, deadline });
  return { deadline };
}

/** An unanswered request lapses and changes nothing. */
export async function expireExtension(deps: SessionDeps, requestId: string): Promise<void> {
  const request = await deps.store.write(async (tx) => {
    const r = await tx.extensions.byId(requestId);
    if (!r || r.status !== 'pending') return null;
    await tx.extensions.settle(r.id, 'expired', nowIso(deps));
    await tx.timers.clear(timerKey.extension(r.sessionId, r.id));
    const s = await tx.sessions.byId(r.sessionId);
    if (s) await auditSession(deps, tx, s, SYSTEM, 'session.extension_expired', { requestId: r.id, minutes: r.minutes });
    return r;
  });
  if (!request) return;
  const s = await deps.store.read.sessions.byId(request.sessionId);
  deps.notify.toAgent(request.sessionId, 'session:extension-expired', { requestId });
  deps.notify.toViewers(request.sessionId, 'session:extension-answer', { sessionId: request.sessionId, requestId, decision: 'expired', deadline: s ? deadlineOf(deps, s) : null });
}

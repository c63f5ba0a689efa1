import { AppError } from '../../shared/errors.js';
import { playbackCheckResult } from '../../shared/playbackCheck/evaluate.js';
import type { PlaybackMeasurements } from '../../shared/playbackCheck/measurements.js';
import { summarisePlaybackCheck, type PlaybackCheckView } from '../../shared/playbackCheck/records.js';
import { agentActor } from '../access/actors.js';
import { remoteControlOffer } from '../domain/sessions/browserDevice.js';
import { type Refusal, sessionStep } from '../domain/sessions/stateMachine.js';
import type { PlaybackCheckRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps } from './deps.js';
import { endAndContinue } from './ending.js';
import { insertWaitingSession } from './open.js';

const MINUTE = 60_000;

export const toPlaybackCheckView = (r: PlaybackCheckRecord): PlaybackCheckView => ({ id: r.id, sessionId: r.sessionId, caseId: r.caseId, at: r.at, result: r.result });

/**
 * A playback check from the session's browser. The server evaluates the measurements itself (the
 * page's own verdicts would be the page's word), keeps the whole result with the case, writes its
 * summary to the audit log in the same transaction, and shows it to the viewers. Like any report
 * from the user's side, only while the session runs: what flows is a relay in the state machine's
 * terms ('action'), refused and audited otherwise.
 */
export async function recordPlaybackCheck(deps: SessionDeps, sessionId: number, measurements: PlaybackMeasurements): Promise<{ check: PlaybackCheckView }> {
  const result = playbackCheckResult(measurements);
  const outcome = await deps.store.write(async (tx): Promise<{ record: PlaybackCheckRecord } | { refused: Refusal }> => {
    const s = await tx.sessions.byId(sessionId);
    if (!s) throw new AppError('SESSION_ENDED', 'The session has ended.');
    const step = sessionStep(s.status, 'action');
    if (!step.ok) {
      await auditSession(deps, tx, s, agentActor(s), 'session.playback_check_refused', { code: step.refusal.code, status: s.status });
      return { refused: step.refusal };
    }
    const record = await tx.playbackChecks.insert({ sessionId, caseId: s.caseId, at: nowIso(deps), result });
    await auditSession(deps, tx, s, agentActor(s), 'session.playback_check', { reportedBy: s.agentKind ?? 'agent', ...summarisePlaybackCheck(record.id, result) });
    return { record };
  });
  // A refusal is on record (committed above) before it is told.
  if ('refused' in outcome) throw new AppError(outcome.refused.code, outcome.refused.message);
  const check = toPlaybackCheckView(outcome.record);
  deps.notify.toViewers(sessionId, 'session:playback-check', { sessionId, check });
  return { check };
}

/**
 * "Let the engineer control my PC": the browser session ends as the user's own stop, and in the
 * same transaction a new session of the case opens, for the same engineer, whose join code is the
 * code the user already has (the same HMAC), valid for a fresh `RA_JOIN_CODE_TTL_MINUTES`. The
 * agent program joins it with that code and asks for its own consent; its device report meets
 * the support policy as always. Only the user's page can ask (this is its session's socket).
 */
export async function handOverToAgent(deps: SessionDeps, sessionId: number): Promise<{ expiresAt: string }> {
  const s = await deps.store.read.sessions.byId(sessionId);
  if (!s) throw new AppError('SESSION_ENDED', 'The session has ended.');
  if (s.agentKind !== 'browser') throw new AppError('CONFLICT', 'Only a browser session hands over to the agent program.');
  // The page offers it only after the consent and to a system the agent program is for; the
  // server holds to the same, whatever a page sends.
  const step = sessionStep(s.status, 'action');
  if (!step.ok) throw new AppError(step.refusal.code, step.refusal.message);
  const offer = s.device ? remoteControlOffer(s.device, { platforms: deps.config.supportedPlatforms }) : null;
  if (!offer?.offered) throw new AppError('CONFLICT', 'Remote control is not offered to this system.', { details: { reason: offer?.reason ?? 'no_device' } });
  const code = await deps.store.read.joinCodes.forSession(s.id);
  if (!code) throw new AppError('CONFLICT', 'This session has no join code to hand over.');
  const expiresAtMs = deps.clock.now() + deps.config.joinCodeTtlMinutes * MINUTE;
  const next = await endAndContinue(deps, s.id, 'user_stopped', agentActor(s), { handover: 'agent' }, (tx, ended) =>
    insertWaitingSession(deps, tx, { caseId: ended.caseId, engineerId: ended.engineerId, codeHash: code.codeHash, expiresAtMs, actor: agentActor(ended), details: { handoverFrom: ended.id } }),
  );
  deps.logger.info({ sessionId, next }, 'browser session handed over to the agent program');
  return { expiresAt: new Date(expiresAtMs).toISOString() };
}

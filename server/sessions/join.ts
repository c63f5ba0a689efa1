import { AppError } from '../../shared/errors.js';
import { normaliseJoinCode } from '../../shared/protocol/session.js';
import { agentActor } from '../access/actors.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import type { AttemptOutcome } from '../security/failureLimiter.js';
import { generateSessionToken, hashJoinCode, hashSessionToken } from '../security/joinCodes.js';
import type { SessionRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps, timerKey } from './deps.js';
import { cancelGrace, scheduleConsentTimeout } from './scheduling.js';

export const GLOBAL_KEY = 'global';

/**
 * Begins one attempt on both limits, or refuses it (and counts the refusal) while either is in
 * force. The attempt is held until the returned function settles it, so that concurrent tries
 * cannot slip past the limit while their codes are being looked up.
 */
function beginAttempt(deps: SessionDeps, ip: string): (outcome: AttemptOutcome) => void {
  const { perAddress, global } = deps.joinLimits;
  const byAddress = perAddress.begin(ip);
  const overall = byAddress.allowed ? global.begin(GLOBAL_KEY) : byAddress;
  if (!overall.allowed) {
    if (byAddress.allowed) perAddress.end(ip, 'not_counted');
    deps.refusals.record({ action: 'session.join_refused', ip, details: { reason: 'rate_limited', scope: byAddress.allowed ? 'global' : 'address' } });
    throw new AppError('RATE_LIMITED', 'Too many wrong codes. Wait and try again.', { details: { retryAfterSeconds: Math.ceil(overall.retryAfterMs / 1000) } });
  }
  return (outcome) => {
    perAddress.end(ip, outcome);
    // A right code starts its address over, not the count over all addresses.
    global.end(GLOBAL_KEY, outcome === 'success' ? 'not_counted' : outcome);
  };
}

/**
 * Exchanges a join code for a session token, once. Attempts are limited per address and over
 * all addresses with growing back-off, checked before the code is even looked at. Every failure
 * and refusal is counted into the audit log — per address, reason and minute, off the request's
 * path (see `RefusalTally`). The token (256 bits) is what the agent reconnects with.
 */
export async function joinWithCode(deps: SessionDeps, rawCode: string, ip: string): Promise<{ session: SessionRecord; token: string }> {
  const settle = beginAttempt(deps, ip);
  let outcome: AttemptOutcome = 'not_counted';
  try {
    const code = normaliseJoinCode(rawCode);
    const found = code ? await deps.store.read.joinCodes.byHash(hashJoinCode(code, deps.config.jwtSecret)) : null;
    const now = nowIso(deps);
    const problem = !found ? 'unknown' : found.usedAt ? 'used' : found.expiresAt <= now ? 'expired' : null;
    if (problem || !found) {
      outcome = 'failure';
      deps.refusals.record({ action: 'session.join_failed', ip, sessionId: found?.sessionId ?? null, details: { reason: problem ?? 'unknown' } });
      if (problem === 'unknown') throw new AppError('JOIN_CODE_INVALID', 'This code is not valid. Check the nine digits the engineer read out.');
      throw new AppError('JOIN_CODE_EXPIRED', 'This code has expired or was already used. Ask the engineer for a new one.');
    }
    const token = generateSessionToken();
    const session = await deps.store.write(async (tx) => {
      const s = await tx.sessions.byId(found.sessionId);
      if (!s) throw new AppError('JOIN_CODE_EXPIRED', 'This code has expired or was already used. Ask the engineer for a new one.');
      sessionTransition(s.status, 'agent_join');
      await tx.joinCodes.markUsed(found.id, now);
      const updated = await tx.sessions.update(s.id, { tokenHash: hashSessionToken(token), agentJoinedAt: now, agentIp: ip });
      await auditSession(deps, tx, s, agentActor(s), 'session.agent_joined', { ip });
      return updated;
    });
    outcome = 'success';
    deps.timers.clear(timerKey.code(session.id));
    scheduleConsentTimeout(deps, session.id, deps.clock.now());
    return { session, token };
  } finally {
    settle(outcome);
  }
}

/** A reconnecting agent proves itself with its session token; an ended session takes no one back. */
export async function resumeWithToken(deps: SessionDeps, token: string, ip: string): Promise<SessionRecord> {
  const session = await deps.store.read.sessions.byTokenHash(hashSessionToken(token));
  if (!session) throw new AppError('SESSION_TOKEN_INVALID', 'This session is not known. Ask the engineer for a new code.');
  sessionTransition(session.status, 'agent_resume', { reason: session.endReason });
  await deps.store.write((tx) => auditSession(deps, tx, session, agentActor(session), 'session.agent_reconnected', { ip }));
  cancelGrace(deps, session.id, 'agent');
  return session;
}

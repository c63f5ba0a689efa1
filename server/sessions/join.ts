import { AppError } from '../../shared/errors.js';
import { normaliseJoinCode } from '../../shared/protocol/session.js';
import { agentActor } from '../access/actors.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import type { AttemptOutcome, LimitVerdict } from '../security/failureLimiter.js';
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
async function beginAttempt(deps: SessionDeps, ip: string): Promise<(outcome: AttemptOutcome) => Promise<void>> {
  const { perAddress, global } = deps.joinLimits;
  let byAddress: LimitVerdict | undefined;
  let overall: LimitVerdict;
  try {
    byAddress = await perAddress.begin(ip);
    overall = byAddress.allowed ? await global.begin(GLOBAL_KEY) : byAddress;
  } catch (error) {
    // The limits cannot be counted (Redis away): no code is looked at, however right it may be.
    if (byAddress?.allowed) await perAddress.end(ip, 'not_counted').catch(() => undefined);
    deps.refusals.record({ action: 'session.join_refused', ip, details: { reason: 'limits_unavailable' } });
    throw error;
  }
  if (!overall.allowed) {
    if (byAddress.allowed) await perAddress.end(ip, 'not_counted');
    deps.refusals.record({ action: 'session.join_refused', ip, details: { reason: 'rate_limited', scope: byAddress.allowed ? 'global' : 'address' } });
    throw new AppError('RATE_LIMITED', 'Too many wrong codes. Wait and try again.', { details: { retryAfterSeconds: Math.ceil(overall.retryAfterMs / 1000) } });
  }
  return async (outcome) => {
    // A right code starts its address over, not the count over all addresses.
    await Promise.all([perAddress.end(ip, outcome), global.end(GLOBAL_KEY, outcome === 'success' ? 'not_counted' : outcome)]);
  };
}

/**
 * Exchanges a join code for a session token, once. Attempts are limited per address and over
 * all addresses with growing back-off, checked before the code is even looked at. Every failure
 * and refusal is counted into the audit log — per address, reason and minute, off the request's
 * path (see `RefusalTally`). The token (256 bits) is what the agent reconnects with.
 */
export async function joinWithCode(deps: SessionDeps, rawCode: string, ip: string): Promise<{ session: SessionRecord; token: string }> {
  const settle = await beginAttempt(deps, ip);
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
      await tx.timers.clear(timerKey.code(s.id));
      await scheduleConsentTimeout(deps, tx, s.id, deps.clock.now());
      return updated;
    });
    outcome = 'success';
    return { session, token };
  } finally {
    await settle(outcome);
  }
}

/** A reconnecting agent proves itself with its session token; an ended session takes no one back. */
export async function resumeWithToken(deps: SessionDeps, token: string, ip: string): Promise<SessionRecord> {
  const session = await deps.store.read.sessions.byTokenHash(hashSessionToken(token));
  if (!session) throw new AppError('SESSION_TOKEN_INVALID', 'This session is not known. Ask the engineer for a new code.');
  sessionTransition(session.status, 'agent_resume', { reason: session.endReason });
  await deps.store.write(async (tx) => {
    await auditSession(deps, tx, session, agentActor(session), 'session.agent_reconnected', { ip });
    await cancelGrace(tx, session.id, 'agent');
  });
  return session;
}

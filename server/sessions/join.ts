import { AppError } from '../../shared/errors.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import { recordAudit } from '../audit/trail.js';
import { normaliseJoinCode } from '../../shared/protocol/session.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import { generateSessionToken, hashJoinCode, hashSessionToken } from '../security/joinCodes.js';
import type { SessionRecord } from '../store/types.js';
import { agentActor } from '../access/actors.js';
import { auditSession, nowIso, type SessionDeps, timerKey } from './deps.js';
import { cancelGrace, scheduleConsentTimeout } from './scheduling.js';

export const GLOBAL_KEY = 'global';

/**
 * Exchanges a join code for a session token, once. Attempts are limited per address and over
 * all addresses with growing back-off, checked before the code is even looked at; every failure
 * is audited. The token (256 bits) is what the agent reconnects with.
 */
export async function joinWithCode(deps: SessionDeps, rawCode: string, ip: string): Promise<{ session: SessionRecord; token: string }> {
  const anonymous: AuditActor = { kind: 'anonymous', ip };
  for (const [limiter, key] of [[deps.joinLimits.perAddress, ip], [deps.joinLimits.global, GLOBAL_KEY]] as const) {
    const verdict = limiter.check(key);
    if (!verdict.allowed) {
      await deps.store.write((tx) => recordAudit(tx, deps.clock.now(), { actor: anonymous, action: 'session.join_refused', details: { reason: 'rate_limited', scope: key === GLOBAL_KEY ? 'global' : 'address' } }));
      throw new AppError('RATE_LIMITED', 'Too many wrong codes. Wait and try again.', { details: { retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) } });
    }
  }
  const code = normaliseJoinCode(rawCode);
  const found = code ? await deps.store.read.joinCodes.byHash(hashJoinCode(code, deps.config.jwtSecret)) : null;
  const now = nowIso(deps);
  const problem = !found ? 'unknown' : found.usedAt ? 'used' : found.expiresAt <= now ? 'expired' : null;
  if (problem || !found) {
    deps.joinLimits.perAddress.recordFailure(ip);
    deps.joinLimits.global.recordFailure(GLOBAL_KEY);
    await deps.store.write((tx) =>
      recordAudit(tx, deps.clock.now(), { actor: anonymous, action: 'session.join_failed', sessionId: found?.sessionId ?? null, details: { reason: problem ?? 'unknown' } }),
    );
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
  deps.joinLimits.perAddress.recordSuccess(ip);
  deps.timers.clear(timerKey.code(session.id));
  scheduleConsentTimeout(deps, session.id, deps.clock.now());
  return { session, token };
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

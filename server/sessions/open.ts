import { AppError } from '../../shared/errors.js';
import { formatJoinCode, type OpenSessionResponse } from '../../shared/protocol/session.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { loadVisibleCase } from '../access/caseVisibility.js';
import { generateJoinCode, hashJoinCode } from '../security/joinCodes.js';
import { iceServersFor } from '../security/turn.js';
import type { Repositories, SessionRecord } from '../store/types.js';
import { auditSession, nowIso, type SessionDeps } from './deps.js';
import { scheduleCodeExpiry } from './scheduling.js';
import { toSessionView } from './views.js';

const MINUTE = 60_000;

/**
 * A new waiting session of a case with its join code (stored only as its HMAC): the case is
 * `in_session` until the session ends. Inside the caller's transaction, with the code's expiry
 * timer stored in it too: it commits with the session or not at all.
 */
export async function insertWaitingSession(
  deps: SessionDeps,
  tx: Repositories,
  opening: { caseId: number; engineerId: number; codeHash: string; expiresAtMs: number; actor: AuditActor; details?: Record<string, unknown> },
): Promise<SessionRecord> {
  const now = nowIso(deps);
  const session = await tx.sessions.insert({ caseId: opening.caseId, engineerId: opening.engineerId, createdAt: now });
  const codeExpiresAt = new Date(opening.expiresAtMs).toISOString();
  await tx.joinCodes.insert({ sessionId: session.id, codeHash: opening.codeHash, expiresAt: codeExpiresAt });
  await tx.cases.update(opening.caseId, { status: 'in_session' });
  await auditSession(deps, tx, session, opening.actor, 'session.opened', { codeExpiresAt, ...opening.details });
  await scheduleCodeExpiry(deps, tx, session.id, opening.expiresAtMs);
  return session;
}

/**
 * The assigned engineer opens a remote session for a contacted case and gets the join code to
 * read out.
 */
export async function openSession(deps: SessionDeps, engineer: AuthUser, caseId: number): Promise<OpenSessionResponse> {
  const expiresAtMs = deps.clock.now() + deps.config.joinCodeTtlMinutes * MINUTE;
  const { session, code } = await deps.store.write(async (tx) => {
    const c = await loadVisibleCase(tx, engineer, caseId);
    if (c.assigneeId !== engineer.id) throw new AppError('NOT_ASSIGNED', 'Assign the case to yourself first.', { details: { assigneeId: c.assigneeId } });
    if (c.status !== 'contacted') {
      const why = c.status === 'in_session' ? 'A remote session is already open for this case.' : 'Open a remote session after contacting the user.';
      throw new AppError('INVALID_TRANSITION', `${why} (current state: ${c.status})`, { details: { currentStatus: c.status, currentOutcome: c.outcome } });
    }
    const now = nowIso(deps);
    let code = generateJoinCode();
    // A collision with another live code is one in 10^9 per live code: draw again.
    while (await tx.joinCodes.isLive(hashJoinCode(code, deps.config.jwtSecret), now)) code = generateJoinCode();
    const session = await insertWaitingSession(deps, tx, { caseId, engineerId: engineer.id, codeHash: hashJoinCode(code, deps.config.jwtSecret), expiresAtMs, actor: userActor(engineer) });
    return { session, code };
  });
  return {
    session: await toSessionView(deps, deps.store.read, session),
    joinCode: { code, display: formatJoinCode(code), expiresAt: new Date(expiresAtMs).toISOString() },
    iceServers: iceServersFor(deps.config.ice, `session-${session.id}`, deps.clock.now()),
  };
}

import { AppError } from '../../shared/errors.js';
import { formatJoinCode, type OpenSessionResponse } from '../../shared/protocol/session.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { loadVisibleCase } from '../access/caseVisibility.js';
import { generateJoinCode, hashJoinCode } from '../security/joinCodes.js';
import { iceServersFor } from '../security/turn.js';
import { auditSession, nowIso, type SessionDeps } from './deps.js';
import { scheduleCodeExpiry } from './scheduling.js';
import { toSessionView } from './views.js';

const MINUTE = 60_000;

/**
 * The assigned engineer opens a remote session for a contacted case and gets the join code to
 * read out. The code is stored only as an HMAC; the case is `in_session` until the session ends.
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
    const session = await tx.sessions.insert({ caseId, engineerId: engineer.id, createdAt: now });
    await tx.joinCodes.insert({ sessionId: session.id, codeHash: hashJoinCode(code, deps.config.jwtSecret), expiresAt: new Date(expiresAtMs).toISOString() });
    await tx.cases.update(caseId, { status: 'in_session' });
    await auditSession(deps, tx, session, userActor(engineer), 'session.opened', { codeExpiresAt: new Date(expiresAtMs).toISOString() });
    await scheduleCodeExpiry(deps, tx, session.id, expiresAtMs);
    return { session, code };
  });
  return {
    session: await toSessionView(deps, deps.store.read, session),
    joinCode: { code, display: formatJoinCode(code), expiresAt: new Date(expiresAtMs).toISOString() },
    iceServers: iceServersFor(deps.config.ice, `session-${session.id}`, deps.clock.now()),
  };
}

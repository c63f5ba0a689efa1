import { SYSTEM } from '../access/actors.js';
import { graceEndReason } from '../domain/sessions/rules.js';
import type { TimerRecord } from '../store/types.js';
import type { SessionDeps } from './deps.js';
import { endSession } from './ending.js';
import { expireExtension } from './extensions.js';
import { sendWarning } from './scheduling.js';
import { parseTimerKey } from './timerKeys.js';

/** Whether a side whose grace period ran out is connected again after all (on any node). */
async function sideIsBack(deps: SessionDeps, sessionId: number, side: 'agent' | 'engineer'): Promise<boolean> {
  if (side === 'agent') return deps.presence.agentConnected(sessionId);
  return (await deps.presence.viewers(sessionId)).some((v) => v.role === 'owner');
}

/**
 * Does what a stored timer says is due, through the same session logic as every other event:
 * the state machine decides, so a timer that fires twice, late, or for a session that ended
 * meanwhile changes nothing the second time.
 */
export async function fireTimer(deps: SessionDeps, timer: Pick<TimerRecord, 'key'>): Promise<void> {
  const due = parseTimerKey(timer.key);
  if (!due) {
    deps.logger.warn({ timer: timer.key }, 'a stored timer this build does not know was dropped');
    return;
  }
  const { sessionId } = due;
  switch (due.kind) {
    case 'code': {
      // About the code, not the status: an agent that joined a moment ago used it.
      const s = await deps.store.read.sessions.byId(sessionId);
      if (s && !s.agentJoinedAt) await endSession(deps, sessionId, 'code_expired', SYSTEM);
      return;
    }
    case 'consent':
      await endSession(deps, sessionId, 'consent_timeout', SYSTEM);
      return;
    case 'deadline':
      await endSession(deps, sessionId, 'expired', SYSTEM);
      return;
    case 'warning':
      await sendWarning(deps, sessionId, due.minutesLeft);
      return;
    case 'grace':
      // The side may have come back on another node while this grace was being started.
      if (await sideIsBack(deps, sessionId, due.side)) return;
      await endSession(deps, sessionId, graceEndReason(due.side), SYSTEM, { graceMinutes: deps.config.disconnectGraceMinutes });
      return;
    case 'extension':
      await expireExtension(deps, due.requestId);
      return;
  }
}

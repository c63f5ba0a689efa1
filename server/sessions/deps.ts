import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import type { RefusalTally } from '../audit/refusalTally.js';
import { recordAudit } from '../audit/trail.js';
import type { Config } from '../config.js';
import type { AttemptLimiter } from '../security/failureLimiter.js';
import type { Repositories, SessionRecord, Store } from '../store/types.js';
import type { Notifier, Presence, TimerWake } from './ports.js';

/**
 * What the live-session logic works with. Spelled out rather than picked from `AppContext`: the
 * composition root's context points down at this, never the other way round.
 */
export interface SessionDeps {
  store: Store;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Told of every due-time stored (`tx.timers`), so the one that falls due first is fired on time. */
  timers: TimerWake;
  notify: Notifier;
  presence: Presence;
  /** Failed join-code attempts, per address and over all addresses. */
  joinLimits: { perAddress: AttemptLimiter; global: AttemptLimiter };
  /** Refused unauthenticated attempts (the app's one tally), counted into the audit log a minute at a time. */
  refusals: RefusalTally;
}

export const nowIso = (deps: Pick<SessionDeps, 'clock'>): string => new Date(deps.clock.now()).toISOString();

/** An audit entry about a session (and its case). */
export function auditSession(
  deps: Pick<SessionDeps, 'clock'>,
  tx: Repositories,
  session: Pick<SessionRecord, 'id' | 'caseId'>,
  actor: AuditActor,
  action: string,
  details: Record<string, unknown> = {},
) {
  return recordAudit(tx, deps.clock.now(), { actor, action, caseId: session.caseId, sessionId: session.id, details });
}

export { timerKey } from './timerKeys.js';

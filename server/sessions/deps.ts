import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import type { RefusalTally } from '../audit/refusalTally.js';
import { recordAudit } from '../audit/trail.js';
import type { Config } from '../config.js';
import type { FailureLimiter } from '../security/failureLimiter.js';
import type { Repositories, SessionRecord, Store } from '../store/types.js';
import type { Notifier, Presence } from './ports.js';
import type { KeyedTimers } from './timers.js';

/**
 * What the live-session logic works with. Spelled out rather than picked from `AppContext`: the
 * composition root's context points down at this, never the other way round.
 */
export interface SessionDeps {
  store: Store;
  clock: Clock;
  config: Config;
  logger: Logger;
  timers: KeyedTimers;
  notify: Notifier;
  presence: Presence;
  /** Failed join-code attempts, per address and over all addresses. */
  joinLimits: { perAddress: FailureLimiter; global: FailureLimiter };
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

/** Timer keys, all prefixed by the session so they can be cleared together. */
export const timerKey = {
  prefix: (id: number) => `session:${id}:`,
  code: (id: number) => `session:${id}:code`,
  consent: (id: number) => `session:${id}:consent`,
  deadline: (id: number) => `session:${id}:deadline`,
  warning: (id: number, minutesLeft: number) => `session:${id}:warning:${minutesLeft}`,
  grace: (id: number, side: 'agent' | 'engineer') => `session:${id}:grace:${side}`,
  extension: (id: number, requestId: string) => `session:${id}:extension:${requestId}`,
};

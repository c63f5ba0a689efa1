import type { ErrorCode } from '../../../shared/errors.js';
import type { EndReason, SessionStatus } from '../../../shared/protocol/session.js';
import type { CaseOutcome } from '../../../shared/schemas/cases.js';

/**
 * Nothing is relayed except in an `active` session: before consent, and after the end, every
 * signal is refused with its own code (and audited by the caller).
 */
export function relayRefusal(status: SessionStatus): ErrorCode | null {
  switch (status) {
    case 'active':
      return null;
    case 'ended':
      return 'SESSION_ENDED';
    default:
      return 'SESSION_NOT_CONSENTED';
  }
}

/** Some ends settle the case by themselves (§1.5 declined, §3 unsupported device). */
export function caseOutcomeForEnd(reason: EndReason): CaseOutcome | null {
  switch (reason) {
    case 'user_declined':
    case 'consent_timeout':
      return 'user_declined';
    case 'device_not_supported':
      return 'device_not_supported';
    default:
      return null;
  }
}

/** The grace period applies to the side whose absence would otherwise hold the session open. */
export function graceEndReason(side: 'agent' | 'engineer'): EndReason {
  return side === 'agent' ? 'agent_disconnected' : 'engineer_disconnected';
}

import type { EndReason, SessionStatus } from '../../../shared/protocol/session.js';
import type { CaseOutcome } from '../../../shared/schemas/cases.js';
import { sessionAllows } from './stateMachine.js';

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

/** A grace period runs only where the state machine would let that side's absence end the session. */
export function graceApplies(status: SessionStatus, side: 'agent' | 'engineer'): boolean {
  return sessionAllows(status, graceEndReason(side));
}

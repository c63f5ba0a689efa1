import { AppError } from '../../shared/errors.js';
import type { CaseOutcome, CaseStatus, TransitionRequest } from '../../shared/schemas/cases.js';

export interface CaseState {
  status: CaseStatus;
  outcome: CaseOutcome | null;
}

export interface TransitionResult extends CaseState {
  note: string | null;
  /** True when a closed case goes back into the queue. */
  requeued: boolean;
}

/**
 * The case lifecycle: received → contacted → (in a remote session) → closed with an outcome.
 * Only `external_cause` may be reopened (HelpDesk 3: the user fixes it and comes back).
 */
export function applyTransition(current: CaseState, request: TransitionRequest): TransitionResult {
  if (request.action === 'reopen') {
    if (current.status !== 'closed' || current.outcome !== 'external_cause') {
      throw invalid(current, 'Only a case closed as "external cause" can be reopened.');
    }
    return { status: 'received', outcome: null, note: request.reason, requeued: true };
  }
  if (current.status === 'received') {
    throw invalid(current, 'Contact the user first: a case is closed only after contact.');
  }
  if (current.status === 'in_session') {
    throw invalid(current, 'End the live remote session before closing the case.');
  }
  if (current.status === 'closed') {
    throw invalid(current, 'The case is already closed.');
  }
  if (request.outcome === 'transferred_to_call_center' && !request.reason) {
    throw new AppError('VALIDATION_FAILED', 'Say why the case goes back to the call center.', {
      fields: { reason: { code: 'REQUIRED', message: 'Say why the case goes back to the call center.' } },
    });
  }
  const note = [request.note, request.reason].filter(Boolean).join('\n') || null;
  return { status: 'closed', outcome: request.outcome, note, requeued: false };
}

/** A successful contact moves a newly received case on; later contacts change nothing. */
export function statusAfterContact(current: CaseStatus, reached: boolean): CaseStatus {
  return reached && current === 'received' ? 'contacted' : current;
}

function invalid(current: CaseState, message: string): AppError {
  return new AppError('INVALID_TRANSITION', `${message} (current state: ${describe(current)})`, {
    details: { currentStatus: current.status, currentOutcome: current.outcome },
  });
}

function describe(s: CaseState): string {
  return s.outcome ? `${s.status}, ${s.outcome}` : s.status;
}

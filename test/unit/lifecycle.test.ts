import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { applyTransition, statusAfterContact } from '../../server/domain/lifecycle.js';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('case lifecycle', () => {
  it('moves received → contacted on the first successful contact only', () => {
    expect(statusAfterContact('received', true)).toBe('contacted');
    expect(statusAfterContact('received', false)).toBe('received');
    expect(statusAfterContact('contacted', true)).toBe('contacted');
  });

  it('closes a contacted case with any outcome', () => {
    for (const outcome of ['resolved', 'explained', 'external_cause', 'user_declined', 'device_not_supported'] as const) {
      expect(applyTransition({ status: 'contacted', outcome: null }, { action: 'close', outcome })).toMatchObject({ status: 'closed', outcome });
    }
  });

  it('refuses to close before contact, with the current state in the error', () => {
    const error = refusal(() => applyTransition({ status: 'received', outcome: null }, { action: 'close', outcome: 'resolved' }));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.details).toEqual({ currentStatus: 'received', currentOutcome: null });
    expect(error.message).toContain('current state: received');
  });

  it('refuses to close during a live session or twice', () => {
    expect(refusal(() => applyTransition({ status: 'in_session', outcome: null }, { action: 'close', outcome: 'resolved' })).code).toBe('INVALID_TRANSITION');
    expect(refusal(() => applyTransition({ status: 'closed', outcome: 'resolved' }, { action: 'close', outcome: 'explained' })).message).toContain('closed, resolved');
  });

  it('needs a reason to transfer a case back to the call center', () => {
    const error = refusal(() => applyTransition({ status: 'contacted', outcome: null }, { action: 'close', outcome: 'transferred_to_call_center' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields?.['reason']?.code).toBe('REQUIRED');
    const ok = applyTransition({ status: 'contacted', outcome: null }, { action: 'close', outcome: 'transferred_to_call_center', reason: 'User complained about the wait' });
    expect(ok).toMatchObject({ status: 'closed', note: 'User complained about the wait' });
  });

  it('reopens only an external-cause case, back into the queue', () => {
    expect(applyTransition({ status: 'closed', outcome: 'external_cause' }, { action: 'reopen', reason: 'User replaced the router' })).toEqual({
      status: 'received', outcome: null, note: 'User replaced the router', requeued: true,
    });
    expect(refusal(() => applyTransition({ status: 'closed', outcome: 'resolved' }, { action: 'reopen', reason: 'again' })).code).toBe('INVALID_TRANSITION');
    expect(refusal(() => applyTransition({ status: 'contacted', outcome: null }, { action: 'reopen', reason: 'again' })).code).toBe('INVALID_TRANSITION');
  });
});

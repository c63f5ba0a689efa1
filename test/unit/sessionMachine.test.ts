import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import type { SessionStatus } from '../../shared/protocol/session.js';
import { graceApplies } from '../../server/domain/sessions/rules.js';
import { SESSION_EVENTS, SESSION_STATUSES, sessionStep, sessionTransition, type SessionEvent } from '../../server/domain/sessions/stateMachine.js';

/**
 * The whole machine, written out by hand: for each event, what it does in
 * waiting / consent_pending / active / ended — a status it leads to, or the refusal's code.
 */
const EXPECTED: Record<SessionEvent, [string, string, string, string]> = {
  agent_join: ['waiting', 'JOIN_CODE_EXPIRED', 'JOIN_CODE_EXPIRED', 'JOIN_CODE_EXPIRED'],
  agent_resume: ['waiting', 'consent_pending', 'active', 'SESSION_ENDED'],
  device_accept: ['consent_pending', 'consent_pending', 'active', 'SESSION_ENDED'],
  consent_accept: ['SESSION_NOT_CONSENTED', 'active', 'CONFLICT', 'SESSION_ENDED'],
  relay: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'active', 'SESSION_ENDED'],
  action: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'active', 'SESSION_ENDED'],
  extension_request: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'active', 'SESSION_ENDED'],
  extension_answer: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'active', 'SESSION_ENDED'],
  warning: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'active', 'SESSION_ENDED'],
  watch_owner: ['waiting', 'consent_pending', 'active', 'ended'],
  watch_observer: ['OBSERVERS_NOT_ALLOWED', 'OBSERVERS_NOT_ALLOWED', 'active', 'OBSERVERS_NOT_ALLOWED'],
  engineer_ended: ['ended', 'ended', 'ended', 'SESSION_ENDED'],
  user_stopped: ['ended', 'ended', 'ended', 'SESSION_ENDED'],
  expired: ['SESSION_NOT_CONSENTED', 'SESSION_NOT_CONSENTED', 'ended', 'SESSION_ENDED'],
  user_declined: ['SESSION_NOT_CONSENTED', 'ended', 'CONFLICT', 'SESSION_ENDED'],
  consent_timeout: ['ended', 'ended', 'CONFLICT', 'SESSION_ENDED'],
  device_not_supported: ['ended', 'CONFLICT', 'CONFLICT', 'SESSION_ENDED'],
  code_expired: ['ended', 'JOIN_CODE_EXPIRED', 'JOIN_CODE_EXPIRED', 'SESSION_ENDED'],
  agent_disconnected: ['ended', 'ended', 'ended', 'SESSION_ENDED'],
  engineer_disconnected: ['SESSION_NOT_CONSENTED', 'ended', 'ended', 'SESSION_ENDED'],
};
const STATUSES: SessionStatus[] = ['waiting', 'consent_pending', 'active', 'ended'];

const outcome = (status: SessionStatus, event: SessionEvent): string => {
  const step = sessionStep(status, event);
  return step.ok ? step.status : step.refusal.code;
};

describe('the live-session state machine', () => {
  it('knows exactly the statuses and events written out here', () => {
    expect([...SESSION_STATUSES]).toEqual(STATUSES);
    expect([...SESSION_EVENTS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(STATUSES.map((status, column) => ({ status, column })))('from $status', ({ status, column }) => {
    it.each(Object.entries(EXPECTED).map(([event, row]) => ({ event: event as SessionEvent, expected: row[column]! })))(
      '$event → $expected',
      ({ event, expected }) => {
        expect(outcome(status, event)).toBe(expected);
      },
    );
  });

  it('refuses with an AppError carrying the code, a message and the details given', () => {
    expect(sessionTransition('consent_pending', 'consent_accept')).toBe('active');
    try {
      sessionTransition('ended', 'agent_resume', { reason: 'expired' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'SESSION_ENDED', message: 'The session has ended.', details: { reason: 'expired' } });
    }
  });

  it('leaves an ended session ended, reaches ended only by an end reason, and relays only while active', () => {
    const ends = new Set<string>(['engineer_ended', 'user_stopped', 'expired', 'user_declined', 'consent_timeout', 'device_not_supported', 'code_expired', 'agent_disconnected', 'engineer_disconnected']);
    for (const event of SESSION_EVENTS) {
      for (const status of STATUSES) {
        const step = sessionStep(status, event);
        if (status === 'ended' && step.ok) expect(step.status).toBe('ended');
        if (status !== 'ended' && step.ok && step.status === 'ended') expect(ends.has(event)).toBe(true);
      }
    }
    expect(STATUSES.filter((s) => sessionStep(s, 'relay').ok)).toEqual(['active']);
  });

  it('runs a grace period only where that side’s absence can end the session', () => {
    expect(STATUSES.filter((s) => graceApplies(s, 'agent'))).toEqual(['waiting', 'consent_pending', 'active']);
    expect(STATUSES.filter((s) => graceApplies(s, 'engineer'))).toEqual(['consent_pending', 'active']);
  });

  it('is the machine docs/protocol.md draws and tabulates', () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const diagram = renderDiagram();
    const table = renderTable();
    expect(doc, `docs/protocol.md should contain:\n${diagram}`).toContain(diagram);
    expect(doc, `docs/protocol.md should contain:\n${table}`).toContain(table);
  });
});

/** The mermaid state diagram of the machine: one arrow per (from, to) pair, labelled with its events. */
function renderDiagram(): string {
  const lines = ['```mermaid', 'stateDiagram-v2', '    [*] --> waiting: the engineer opens a session (REST), a join code is issued'];
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const events = SESSION_EVENTS.filter((e) => {
        const step = sessionStep(from, e);
        return step.ok && step.status === to;
      });
      if (events.length > 0) lines.push(`    ${from} --> ${to}: ${events.join(', ')}`);
    }
  }
  lines.push('    ended --> [*]', '```');
  return lines.join('\n');
}

/** The same machine as a table: each cell the next status (→) or the refusal's code. */
function renderTable(): string {
  const rows = [`| Event | ${STATUSES.join(' | ')} |`, `| --- |${STATUSES.map(() => ' --- |').join('')}`];
  for (const event of SESSION_EVENTS) {
    const cells = STATUSES.map((s) => {
      const step = sessionStep(s, event);
      return step.ok ? `→ ${step.status}` : `\`${step.refusal.code}\``;
    });
    rows.push(`| \`${event}\` | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

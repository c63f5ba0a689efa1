import { byDue } from '../dueOrder.js';
import type { ClaimedTimer, TimerRecord, TimerRepository } from '../types.js';
import type { Statements } from './statements.js';

const COLUMNS = `key, session_id AS sessionId, due_at AS dueAt`;
const SQL = {
  // A due-time that moves is claimable again; one set again unchanged keeps the claim on it.
  set: `INSERT INTO session_timers (key, session_id, due_at) VALUES (@key, @sessionId, @dueAt)
        ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, session_id = excluded.session_id,
          claimed_until = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.claimed_until END,
          claimed_by = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.claimed_by END,
          attempts = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.attempts ELSE 0 END`,
  setIfAbsent: `INSERT INTO session_timers (key, session_id, due_at) VALUES (@key, @sessionId, @dueAt) ON CONFLICT (key) DO NOTHING`,
  clear: `DELETE FROM session_timers WHERE key = ?`,
  clearSession: `DELETE FROM session_timers WHERE session_id = ?`,
  byKey: `SELECT ${COLUMNS} FROM session_timers WHERE key = ?`,
  forSession: `SELECT ${COLUMNS} FROM session_timers WHERE session_id = ? ORDER BY due_at, key`,
  next: `SELECT min(CASE WHEN claimed_until > due_at THEN claimed_until ELSE due_at END) AS at FROM session_timers`,
  claim: `UPDATE session_timers SET claimed_until = @until, claimed_by = @by, attempts = attempts + 1
          WHERE key IN (SELECT key FROM session_timers WHERE due_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                        ORDER BY due_at, key LIMIT @limit)
          RETURNING ${COLUMNS}, attempts`,
  release: `DELETE FROM session_timers WHERE key = @key AND due_at = @dueAt AND claimed_by = @by`,
};

export function sqliteTimers(s: Statements): TimerRepository {
  return {
    set: async (t) => {
      s.get(SQL.set).run(t);
    },
    setIfAbsent: async (t) => s.get(SQL.setIfAbsent).run(t).changes > 0,
    clear: async (key) => {
      s.get(SQL.clear).run(key);
    },
    clearSession: async (sessionId) => {
      s.get(SQL.clearSession).run(sessionId);
    },
    byKey: async (key) => (s.get(SQL.byKey).get(key) as TimerRecord | undefined) ?? null,
    forSession: async (sessionId) => s.get(SQL.forSession).all(sessionId) as TimerRecord[],
    nextClaimableAt: async () => (s.get(SQL.next).get() as { at: string | null }).at,
    // RETURNING gives no order: the caller gets them in due order all the same.
    claimDue: async (claim) => (s.get(SQL.claim).all(claim) as ClaimedTimer[]).sort(byDue),
    release: async (t, by) => {
      s.get(SQL.release).run({ key: t.key, dueAt: t.dueAt, by });
    },
  };
}

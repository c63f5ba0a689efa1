import { byDue } from '../dueOrder.js';
import type { ClaimedTimer, TimerRecord, TimerRepository } from '../types.js';
import type { Sql } from './sql.js';

const COLUMNS = `key, session_id AS "sessionId", due_at AS "dueAt"`;
const SQL = {
  // A due-time that moves is claimable again; one set again unchanged keeps the claim on it.
  set: `INSERT INTO session_timers (key, session_id, due_at) VALUES ($1, $2, $3)
        ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at, session_id = excluded.session_id,
          claimed_until = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.claimed_until END,
          claimed_by = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.claimed_by END,
          attempts = CASE WHEN session_timers.due_at = excluded.due_at THEN session_timers.attempts ELSE 0 END`,
  setIfAbsent: `INSERT INTO session_timers (key, session_id, due_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
  clear: `DELETE FROM session_timers WHERE key = $1`,
  clearSession: `DELETE FROM session_timers WHERE session_id = $1`,
  byKey: `SELECT ${COLUMNS} FROM session_timers WHERE key = $1`,
  forSession: `SELECT ${COLUMNS} FROM session_timers WHERE session_id = $1 ORDER BY due_at, key`,
  next: `SELECT min(CASE WHEN claimed_until > due_at THEN claimed_until ELSE due_at END) AS at FROM session_timers`,
  // SKIP LOCKED: a timer another transaction is claiming is left to it, never waited for.
  claim: `UPDATE session_timers SET claimed_until = $2, claimed_by = $3, attempts = attempts + 1
          WHERE key IN (SELECT key FROM session_timers WHERE due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                        ORDER BY due_at, key LIMIT $4 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS}, attempts`,
  release: `DELETE FROM session_timers WHERE key = $1 AND due_at = $2 AND claimed_by = $3`,
};

export function postgresTimers(sql: Sql): TimerRepository {
  return {
    set: async (t) => {
      await sql.run(SQL.set, [t.key, t.sessionId, t.dueAt]);
    },
    setIfAbsent: async (t) => (await sql.run(SQL.setIfAbsent, [t.key, t.sessionId, t.dueAt])) > 0,
    clear: async (key) => {
      await sql.run(SQL.clear, [key]);
    },
    clearSession: async (sessionId) => {
      await sql.run(SQL.clearSession, [sessionId]);
    },
    byKey: (key) => sql.one<TimerRecord>(SQL.byKey, [key]),
    forSession: (sessionId) => sql.rows<TimerRecord>(SQL.forSession, [sessionId]),
    nextClaimableAt: async () => (await sql.one<{ at: string | null }>(SQL.next))?.at ?? null,
    // RETURNING gives no order: the caller gets them in due order all the same.
    claimDue: async (c) => (await sql.rows<ClaimedTimer>(SQL.claim, [c.now, c.until, c.by, c.limit])).sort(byDue),
    release: async (t, by) => {
      await sql.run(SQL.release, [t.key, t.dueAt, by]);
    },
  };
}


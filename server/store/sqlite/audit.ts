import type { AuditQuery } from '../../../shared/schemas/audit.js';
import { AUDIT_SELECT, auditFromRow, type AuditRow } from '../rows/audit.js';
import type { AuditRepository } from '../types.js';
import type { Statements } from './statements.js';

const SQL = {
  head: `SELECT seq, hash FROM audit_head WHERE id = 1`,
  insert: `INSERT INTO audit_log (seq, at, actor_json, actor_user_id, action, case_id, session_id, details_json, prev_hash, hash)
           VALUES (@seq, @at, @actorJson, @actorUserId, @action, @caseId, @sessionId, @detailsJson, @prevHash, @hash)`,
  moveHead: `INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
};
const PAGE = 1000;

type Filter = Omit<AuditQuery, 'afterSeq' | 'limit'> & { afterSeq?: number };

function whereClause(q: Filter): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (sql: string, key: string, value: unknown) => {
    if (value === undefined) return;
    where.push(sql);
    params[key] = value;
  };
  add('case_id = @caseId', 'caseId', q.caseId);
  add('session_id = @sessionId', 'sessionId', q.sessionId);
  add('actor_user_id = @actorUserId', 'actorUserId', q.actorUserId);
  add('action = @action', 'action', q.action);
  add('at >= @from', 'from', q.from && new Date(q.from).toISOString());
  add('at <= @to', 'to', q.to && new Date(q.to).toISOString());
  add('seq > @afterSeq', 'afterSeq', q.afterSeq);
  return { clause: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

export function sqliteAudit(s: Statements): AuditRepository {
  return {
    head: async () => (s.get(SQL.head).get() as { seq: number; hash: string } | undefined) ?? null,
    append: async (e) => {
      s.get(SQL.insert).run({
        seq: e.seq,
        at: e.at,
        actorJson: JSON.stringify(e.actor),
        actorUserId: e.actor.kind === 'user' ? e.actor.userId : null,
        action: e.action,
        caseId: e.caseId,
        sessionId: e.sessionId,
        detailsJson: JSON.stringify(e.details),
        prevHash: e.prevHash,
        hash: e.hash,
      });
      s.get(SQL.moveHead).run({ seq: e.seq, hash: e.hash });
    },
    query: async (q) => {
      const { clause, params } = whereClause(q);
      const rows = s.get(`${AUDIT_SELECT}${clause} ORDER BY seq LIMIT @limit`).all({ ...params, limit: q.limit }) as AuditRow[];
      return rows.map(auditFromRow);
    },
    all: (filter = {}) => {
      // Keyset pages rather than one long-lived iterator: better-sqlite3 keeps the connection
      // busy while an iterator is open, which would block every other read in between.
      return (async function* () {
        let afterSeq = 0;
        for (;;) {
          const { clause, params } = whereClause({ ...filter, afterSeq });
          const rows = s.get(`${AUDIT_SELECT}${clause} ORDER BY seq LIMIT ${PAGE}`).all(params) as AuditRow[];
          for (const row of rows) yield auditFromRow(row);
          const last = rows.at(-1);
          if (!last || rows.length < PAGE) return;
          afterSeq = last.seq;
        }
      })();
    },
  };
}

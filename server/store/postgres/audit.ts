import type { AuditQuery } from '../../../shared/schemas/audit.js';
import type { ChainHead } from '../../domain/auditChain.js';
import { AUDIT_SELECT, auditFromRow, type AuditRow } from '../rows/audit.js';
import type { AuditRepository } from '../types.js';
import { Params, type Sql } from './sql.js';

const SQL = {
  head: `SELECT seq, hash FROM audit_head WHERE id = 1`,
  // One statement, one round trip under the write lock: it moves the head only from the entry
  // this one links to, and inserts the entry only if the head moved. Should two writers ever chain
  // onto the same head (one that bypassed the write lock), the second inserts nothing and is refused.
  append: `WITH moved AS (
             INSERT INTO audit_head AS h (id, seq, hash) VALUES (1, $1::bigint, $10::text)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
               WHERE h.seq = excluded.seq - 1 AND h.hash = $9::text
             RETURNING seq
           )
           INSERT INTO audit_log (seq, at, actor_json, actor_user_id, action, case_id, session_id, details_json, prev_hash, hash)
           SELECT seq, $2::text, $3::text, $4::integer, $5::text, $6::integer, $7::integer, $8::text, $9::text, $10::text FROM moved`,
};
/** Entries per query when streaming the whole log: memory stays flat however long it grows. */
const PAGE = 1000;

type Filter = Omit<AuditQuery, 'afterSeq' | 'limit'> & { afterSeq?: number };

function whereClause(q: Filter, params: Params): string {
  const where: string[] = [];
  const add = (value: unknown, condition: (p: string) => string) => {
    if (value !== undefined) where.push(condition(params.add(value)));
  };
  add(q.caseId, (p) => `case_id = ${p}`);
  add(q.sessionId, (p) => `session_id = ${p}`);
  add(q.actorUserId, (p) => `actor_user_id = ${p}`);
  add(q.action, (p) => `action = ${p}`);
  add(q.from && new Date(q.from).toISOString(), (p) => `at >= ${p}`);
  add(q.to && new Date(q.to).toISOString(), (p) => `at <= ${p}`);
  add(q.afterSeq, (p) => `seq > ${p}`);
  return where.length ? ` WHERE ${where.join(' AND ')}` : '';
}

function page(sql: Sql, filter: Filter, limit: number): Promise<AuditRow[]> {
  const params = new Params();
  const where = whereClause(filter, params);
  return sql.rows<AuditRow>(`${AUDIT_SELECT}${where} ORDER BY seq LIMIT ${params.add(limit)}`, params.values);
}

/** Reads the head (outside a transaction, the committed one). */
export const readHead = (sql: Sql): Promise<ChainHead | null> => sql.one<ChainHead>(SQL.head);

/**
 * The audit repository over `sql`. Inside a write transaction `lockedHead` is the head as read
 * right after the write lock was taken: no other writer can move it until this one commits, so
 * it is kept here and moved along with each append instead of being read again.
 */
export function postgresAudit(sql: Sql, lockedHead?: { current: ChainHead | null }): AuditRepository {
  return {
    head: async () => (lockedHead ? lockedHead.current : readHead(sql)),
    append: async (e) => {
      const inserted = await sql.run(SQL.append, [
        e.seq, e.at, JSON.stringify(e.actor), e.actor.kind === 'user' ? e.actor.userId : null, e.action, e.caseId, e.sessionId, JSON.stringify(e.details), e.prevHash, e.hash,
      ]);
      if (inserted !== 1) throw new Error(`audit entry ${e.seq} does not follow the recorded head: the chain would fork`);
      if (lockedHead) lockedHead.current = { seq: e.seq, hash: e.hash };
    },
    query: async (q) => (await page(sql, q, q.limit)).map(auditFromRow),
    all: (filter = {}) =>
      // Keyset pages, each its own short query: no cursor or transaction stays open while the
      // caller (an export download, the verifier) consumes them at its own pace.
      (async function* () {
        let afterSeq = 0;
        for (;;) {
          const rows = await page(sql, { ...filter, afterSeq }, PAGE);
          for (const row of rows) yield auditFromRow(row);
          const last = rows.at(-1);
          if (!last || rows.length < PAGE) return;
          afterSeq = last.seq;
        }
      })(),
  };
}

import { encodeSessionPatch, SESSION_PATCH_COLUMNS, sessionFromRow, type SessionRow } from '../rows/sessions.js';
import type { SessionRepository, SessionSearch } from '../types.js';
import { Params, setClause, whereOf, type Sql } from './sql.js';

const COLUMNS_SQL = `id, case_id, engineer_id, status, created_at, agent_joined_at, started_at, deadline_at,
  granted_minutes, ended_at, end_reason, device_json, agent_kind, agent_ip, language, allow_observers, warnings_sent`;
const SELECT = `SELECT ${COLUMNS_SQL} FROM sessions`;
const SQL = {
  insert: `INSERT INTO sessions (case_id, engineer_id, status, created_at) VALUES ($1, $2, 'waiting', $3) RETURNING ${COLUMNS_SQL}`,
  byId: `${SELECT} WHERE id = $1`,
  byTokenHash: `${SELECT} WHERE token_hash = $1`,
  openForCase: `${SELECT} WHERE case_id = $1 AND status <> 'ended'`,
  forCase: `${SELECT} WHERE case_id = $1 ORDER BY id`,
  listOpen: `${SELECT} WHERE status <> 'ended' ORDER BY id`,
  aliveBetween: `${SELECT} WHERE created_at < $2 AND (ended_at IS NULL OR ended_at >= $1) ORDER BY id`,
};

const SEARCH = `SELECT s.id, s.case_id, s.engineer_id, s.status, s.created_at, s.agent_joined_at, s.started_at, s.deadline_at,
  s.granted_minutes, s.ended_at, s.end_reason, s.device_json, s.agent_kind, s.agent_ip, s.language, s.allow_observers, s.warnings_sent,
  c.company_id, c.outcome AS case_outcome FROM sessions s JOIN cases c ON c.id = s.case_id`;

function searchSql(f: SessionSearch): { text: string; values: unknown[] } {
  const params = new Params();
  const where = whereOf(f, [
    ['from', (p) => `s.created_at >= ${p}`],
    ['to', (p) => `s.created_at < ${p}`],
    ['companyId', (p) => `c.company_id = ${p}`],
    ['engineerId', (p) => `s.engineer_id = ${p}`],
    ['outcome', (p) => `c.outcome = ${p}`],
  ], params);
  return { text: `${SEARCH}${where} ORDER BY s.id DESC LIMIT ${params.add(f.limit)}`, values: params.values };
}

export function postgresSessions(sql: Sql): SessionRepository {
  const one = async (text: string, values: unknown[]) => {
    const row = await sql.one<SessionRow>(text, values);
    return row ? sessionFromRow(row) : null;
  };
  const many = async (text: string, values: unknown[] = []) => (await sql.rows<SessionRow>(text, values)).map(sessionFromRow);
  return {
    insert: async (s) => (await one(SQL.insert, [s.caseId, s.engineerId, s.createdAt]))!,
    byId: (id) => one(SQL.byId, [id]),
    byTokenHash: (hash) => one(SQL.byTokenHash, [hash]),
    openForCase: (caseId) => one(SQL.openForCase, [caseId]),
    forCase: (caseId) => many(SQL.forCase, [caseId]),
    listOpen: () => many(SQL.listOpen),
    aliveBetween: (from, to) => many(SQL.aliveBetween, [from, to]),
    search: async (filter) => {
      const { text, values } = searchSql(filter);
      const rows = await sql.rows<SessionRow & { company_id: number; case_outcome: string | null }>(text, values);
      return rows.map((r) => ({ ...sessionFromRow(r), companyId: r.company_id, caseOutcome: r.case_outcome }));
    },
    update: async (id, patch) => {
      const params = new Params();
      const set = setClause(patch, SESSION_PATCH_COLUMNS, params, encodeSessionPatch);
      const updated = set ? await one(`UPDATE sessions SET ${set} WHERE id = ${params.add(id)} RETURNING ${COLUMNS_SQL}`, params.values) : await one(SQL.byId, [id]);
      if (!updated) throw new Error(`session ${id} vanished during update`);
      return updated;
    },
  };
}

import { encodeSessionPatch, SESSION_PATCH_COLUMNS, sessionFromRow, type SessionRow } from '../rows/sessions.js';
import type { SessionRepository, SessionSearch } from '../types.js';
import { type Statements, updateColumns, whereOf } from './statements.js';

const SELECT = `SELECT id, case_id, engineer_id, status, created_at, agent_joined_at, started_at, deadline_at,
  granted_minutes, ended_at, end_reason, device_json, agent_kind, agent_ip, language, allow_observers, warnings_sent FROM sessions`;
const SQL = {
  insert: `INSERT INTO sessions (case_id, engineer_id, status, created_at) VALUES (@caseId, @engineerId, 'waiting', @createdAt)`,
  byId: `${SELECT} WHERE id = ?`,
  byTokenHash: `${SELECT} WHERE token_hash = ?`,
  openForCase: `${SELECT} WHERE case_id = ? AND status <> 'ended'`,
  forCase: `${SELECT} WHERE case_id = ? ORDER BY id`,
  listOpen: `${SELECT} WHERE status <> 'ended' ORDER BY id`,
  aliveBetween: `${SELECT} WHERE created_at < @to AND (ended_at IS NULL OR ended_at >= @from) ORDER BY id`,
};

const SEARCH = `SELECT s.id, s.case_id, s.engineer_id, s.status, s.created_at, s.agent_joined_at, s.started_at, s.deadline_at,
  s.granted_minutes, s.ended_at, s.end_reason, s.device_json, s.agent_kind, s.agent_ip, s.language, s.allow_observers, s.warnings_sent,
  c.company_id, c.outcome AS case_outcome FROM sessions s JOIN cases c ON c.id = s.case_id`;

function searchSql(f: SessionSearch): { sql: string; params: Record<string, unknown> } {
  const conditions: Array<[keyof SessionSearch, string]> = [
    ['from', 's.created_at >= @from'],
    ['to', 's.created_at < @to'],
    ['companyId', 'c.company_id = @companyId'],
    ['engineerId', 's.engineer_id = @engineerId'],
    ['outcome', 'c.outcome = @outcome'],
  ];
  const { clause, params } = whereOf(f, conditions);
  return { sql: `${SEARCH}${clause} ORDER BY s.id DESC LIMIT @limit`, params: { ...params, limit: f.limit } };
}

export function sqliteSessions(s: Statements): SessionRepository {
  const one = (sql: string, arg: unknown) => {
    const row = s.get(sql).get(arg) as SessionRow | undefined;
    return row ? sessionFromRow(row) : null;
  };
  return {
    insert: async (session) => one(SQL.byId, s.get(SQL.insert).run(session).lastInsertRowid)!,
    byId: async (id) => one(SQL.byId, id),
    byTokenHash: async (hash) => one(SQL.byTokenHash, hash),
    openForCase: async (caseId) => one(SQL.openForCase, caseId),
    forCase: async (caseId) => (s.get(SQL.forCase).all(caseId) as SessionRow[]).map(sessionFromRow),
    listOpen: async () => (s.get(SQL.listOpen).all() as SessionRow[]).map(sessionFromRow),
    aliveBetween: async (from, to) => (s.get(SQL.aliveBetween).all({ from, to }) as SessionRow[]).map(sessionFromRow),
    search: async (filter) => {
      const { sql, params } = searchSql(filter);
      return (s.get(sql).all(params) as Array<SessionRow & { company_id: number; case_outcome: string | null }>).map((r) => ({ ...sessionFromRow(r), companyId: r.company_id, caseOutcome: r.case_outcome }));
    },
    update: async (id, patch) => {
      updateColumns(s, 'sessions', id, patch, SESSION_PATCH_COLUMNS, encodeSessionPatch);
      const updated = one(SQL.byId, id);
      if (!updated) throw new Error(`session ${id} vanished during update`);
      return updated;
    },
  };
}

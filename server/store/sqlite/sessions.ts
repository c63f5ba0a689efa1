import { z } from 'zod';
import { DeviceReport } from '../../../shared/protocol/device.js';
import type { SessionPatch, SessionRecord, SessionRepository, SessionSearch } from '../types.js';
import { parseJsonColumn } from './json.js';
import { bool, type Statements, updateColumns, whereOf } from './statements.js';

/** The warnings already sent, as minutes-left marks. */
const WarningsSent = z.array(z.number().positive());

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

const COLUMNS: Record<keyof SessionPatch, string> = {
  status: 'status',
  agentJoinedAt: 'agent_joined_at',
  startedAt: 'started_at',
  deadlineAt: 'deadline_at',
  grantedMinutes: 'granted_minutes',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  device: 'device_json',
  agentKind: 'agent_kind',
  agentIp: 'agent_ip',
  language: 'language',
  allowObservers: 'allow_observers',
  warningsSent: 'warnings_sent',
  tokenHash: 'token_hash',
};

interface Row {
  id: number;
  case_id: number;
  engineer_id: number;
  status: SessionRecord['status'];
  created_at: string;
  agent_joined_at: string | null;
  started_at: string | null;
  deadline_at: string | null;
  granted_minutes: number;
  ended_at: string | null;
  end_reason: SessionRecord['endReason'];
  device_json: string | null;
  agent_kind: SessionRecord['agentKind'];
  agent_ip: string | null;
  language: SessionRecord['language'];
  allow_observers: number;
  warnings_sent: string;
}

const toRecord = (r: Row): SessionRecord => ({
  id: r.id,
  caseId: r.case_id,
  engineerId: r.engineer_id,
  status: r.status,
  createdAt: r.created_at,
  agentJoinedAt: r.agent_joined_at,
  startedAt: r.started_at,
  deadlineAt: r.deadline_at,
  grantedMinutes: r.granted_minutes,
  endedAt: r.ended_at,
  endReason: r.end_reason,
  device: r.device_json === null ? null : parseJsonColumn(DeviceReport, r.device_json, { table: 'sessions', column: 'device_json', rowKey: r.id }),
  agentKind: r.agent_kind,
  agentIp: r.agent_ip,
  language: r.language,
  allowObservers: bool(r.allow_observers),
  warningsSent: parseJsonColumn(WarningsSent, r.warnings_sent, { table: 'sessions', column: 'warnings_sent', rowKey: r.id }),
});

export function sqliteSessions(s: Statements): SessionRepository {
  const one = (sql: string, arg: unknown) => {
    const row = s.get(sql).get(arg) as Row | undefined;
    return row ? toRecord(row) : null;
  };
  return {
    insert: async (session) => one(SQL.byId, s.get(SQL.insert).run(session).lastInsertRowid)!,
    byId: async (id) => one(SQL.byId, id),
    byTokenHash: async (hash) => one(SQL.byTokenHash, hash),
    openForCase: async (caseId) => one(SQL.openForCase, caseId),
    forCase: async (caseId) => (s.get(SQL.forCase).all(caseId) as Row[]).map(toRecord),
    listOpen: async () => (s.get(SQL.listOpen).all() as Row[]).map(toRecord),
    aliveBetween: async (from, to) => (s.get(SQL.aliveBetween).all({ from, to }) as Row[]).map(toRecord),
    search: async (filter) => {
      const { sql, params } = searchSql(filter);
      return (s.get(sql).all(params) as Array<Row & { company_id: number; case_outcome: string | null }>).map((r) => ({ ...toRecord(r), companyId: r.company_id, caseOutcome: r.case_outcome }));
    },
    update: async (id, patch) => {
      updateColumns(s, 'sessions', id, patch, COLUMNS, (key, value) =>
        key === 'device' || key === 'warningsSent' ? (value === null ? null : JSON.stringify(value)) : value,
      );
      const updated = one(SQL.byId, id);
      if (!updated) throw new Error(`session ${id} vanished during update`);
      return updated;
    },
  };
}

import { CaseIntake } from '../../../shared/schemas/cases.js';
import type { CaseFilter, CasePatch, CaseRecord, CaseRepository, ContactAttemptRecord } from '../types.js';
import { parseJsonColumn } from './json.js';
import { bool, int, type Statements, updateColumns, whereOf } from './statements.js';

/** A filed request as stored: the intake it passed, without the credentials (sealed apart). */
const StoredIntake = CaseIntake.omit({ siteCredentials: true });

const SELECT = `SELECT id, company_id, filed_by, status, outcome, outcome_note, urgent, received_at, queued_at,
  within_hours, next_opening_at, sla_starts_at, first_contact_at, assignee_id, intake_json,
  credentials_sealed IS NOT NULL AS has_credentials, closed_at FROM cases`;

const SQL = {
  insert: `INSERT INTO cases (company_id, filed_by, status, urgent, received_at, queued_at, within_hours,
             next_opening_at, sla_starts_at, intake_json)
           VALUES (@companyId, @filedBy, @status, @urgent, @receivedAt, @queuedAt, @withinHours,
             @nextOpeningAt, @slaStartsAt, @intakeJson)`,
  byId: `${SELECT} WHERE id = ?`,
  listOpen: `${SELECT} WHERE status <> 'closed'`,
  receivedOrClosedBetween: `${SELECT} WHERE (received_at >= @from AND received_at < @to) OR (closed_at >= @from AND closed_at < @to) ORDER BY id`,
  setCredentials: `UPDATE cases SET credentials_sealed = ? WHERE id = ?`,
  credentials: `SELECT credentials_sealed AS sealed FROM cases WHERE id = ?`,
  addContact: `INSERT INTO contact_attempts (case_id, engineer_id, at, reached, note) VALUES (@caseId, @engineerId, @at, @reached, @note)`,
  contacts: `SELECT id, case_id AS caseId, engineer_id AS engineerId, at, reached, note FROM contact_attempts WHERE case_id = ? ORDER BY id`,
};

const COLUMNS: Record<keyof CasePatch, string> = {
  status: 'status',
  outcome: 'outcome',
  outcomeNote: 'outcome_note',
  queuedAt: 'queued_at',
  firstContactAt: 'first_contact_at',
  assigneeId: 'assignee_id',
  closedAt: 'closed_at',
};

interface Row {
  id: number;
  company_id: number;
  filed_by: number;
  status: CaseRecord['status'];
  outcome: CaseRecord['outcome'];
  outcome_note: string | null;
  urgent: number;
  received_at: string;
  queued_at: string;
  within_hours: number;
  next_opening_at: string | null;
  sla_starts_at: string;
  first_contact_at: string | null;
  assignee_id: number | null;
  intake_json: string;
  has_credentials: number;
  closed_at: string | null;
}

const toRecord = (r: Row): CaseRecord => ({
  id: r.id,
  companyId: r.company_id,
  filedBy: r.filed_by,
  status: r.status,
  outcome: r.outcome,
  outcomeNote: r.outcome_note,
  urgent: bool(r.urgent),
  receivedAt: r.received_at,
  queuedAt: r.queued_at,
  receivedWithinHours: bool(r.within_hours),
  nextOpeningAt: r.next_opening_at,
  slaStartsAt: r.sla_starts_at,
  firstContactAt: r.first_contact_at,
  assigneeId: r.assignee_id,
  intake: parseJsonColumn(StoredIntake, r.intake_json, { table: 'cases', column: 'intake_json', rowKey: r.id }),
  hasCredentials: bool(r.has_credentials),
  closedAt: r.closed_at,
});

function listSql(filter: CaseFilter): { sql: string; params: Record<string, unknown> } {
  const conditions: Array<[keyof CaseFilter, string]> = [
    ['status', 'status = @status'],
    ['companyId', 'company_id = @companyId'],
    ['assigneeId', 'assignee_id = @assigneeId'],
    ['outcome', 'outcome = @outcome'],
    ['from', 'received_at >= @from'],
    ['to', 'received_at < @to'],
  ];
  const { clause, params } = whereOf(filter, conditions);
  return { sql: `${SELECT}${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`, params: { ...params, limit: filter.limit, offset: filter.offset } };
}

export function sqliteCases(s: Statements): CaseRepository {
  const byId = (id: number) => {
    const row = s.get(SQL.byId).get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  };
  return {
    insert: async (c) => {
      const { intake, urgent, receivedWithinHours, ...rest } = c;
      const info = s.get(SQL.insert).run({ ...rest, urgent: int(urgent), withinHours: int(receivedWithinHours), intakeJson: JSON.stringify(intake) });
      return byId(Number(info.lastInsertRowid))!;
    },
    byId: async (id) => byId(id),
    list: async (filter) => {
      const { sql, params } = listSql(filter);
      return (s.get(sql).all(params) as Row[]).map(toRecord);
    },
    listOpen: async () => (s.get(SQL.listOpen).all() as Row[]).map(toRecord),
    receivedOrClosedBetween: async (from, to) => (s.get(SQL.receivedOrClosedBetween).all({ from, to }) as Row[]).map(toRecord),
    update: async (id, patch) => {
      updateColumns(s, 'cases', id, patch, COLUMNS);
      const updated = byId(id);
      if (!updated) throw new Error(`case ${id} vanished during update`);
      return updated;
    },
    setSealedCredentials: async (id, sealed) => {
      s.get(SQL.setCredentials).run(sealed, id);
    },
    sealedCredentials: async (id) => (s.get(SQL.credentials).get(id) as { sealed: string | null } | undefined)?.sealed ?? null,
    addContact: async (a) => {
      const info = s.get(SQL.addContact).run({ ...a, reached: int(a.reached) });
      return { ...a, id: Number(info.lastInsertRowid) };
    },
    contacts: async (caseId) =>
      (s.get(SQL.contacts).all(caseId) as Array<Omit<ContactAttemptRecord, 'reached'> & { reached: number }>).map((r) => ({
        ...r,
        reached: bool(r.reached),
      })),
  };
}

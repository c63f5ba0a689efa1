import { CASE_PATCH_COLUMNS, caseFromRow, type CaseRow } from '../rows/cases.js';
import { flag } from '../rows/flag.js';
import type { CaseFilter, CaseRepository, ContactAttemptRecord } from '../types.js';
import { int, type Statements, updateColumns, whereOf } from './statements.js';

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
    const row = s.get(SQL.byId).get(id) as CaseRow | undefined;
    return row ? caseFromRow(row) : null;
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
      return (s.get(sql).all(params) as CaseRow[]).map(caseFromRow);
    },
    listOpen: async () => (s.get(SQL.listOpen).all() as CaseRow[]).map(caseFromRow),
    receivedOrClosedBetween: async (from, to) => (s.get(SQL.receivedOrClosedBetween).all({ from, to }) as CaseRow[]).map(caseFromRow),
    update: async (id, patch) => {
      updateColumns(s, 'cases', id, patch, CASE_PATCH_COLUMNS);
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
        reached: flag(r.reached),
      })),
  };
}

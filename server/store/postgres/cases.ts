import { CASE_PATCH_COLUMNS, caseFromRow, type CaseRow } from '../rows/cases.js';
import type { CaseFilter, CaseRepository, ContactAttemptRecord } from '../types.js';
import { Params, setClause, whereOf, type Sql } from './sql.js';

const COLUMNS_SQL = `id, company_id, filed_by, status, outcome, outcome_note, urgent, received_at, queued_at,
  within_hours, next_opening_at, sla_starts_at, first_contact_at, assignee_id, intake_json,
  credentials_sealed IS NOT NULL AS has_credentials, closed_at`;
const SELECT = `SELECT ${COLUMNS_SQL} FROM cases`;

const CONTACT_COLUMNS = `id, case_id AS "caseId", engineer_id AS "engineerId", at, reached, note`;
const SQL = {
  insert: `INSERT INTO cases (company_id, filed_by, status, urgent, received_at, queued_at, within_hours,
             next_opening_at, sla_starts_at, intake_json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS_SQL}`,
  byId: `${SELECT} WHERE id = $1`,
  listOpen: `${SELECT} WHERE status <> 'closed' ORDER BY id`,
  receivedOrClosedBetween: `${SELECT} WHERE (received_at >= $1 AND received_at < $2) OR (closed_at >= $1 AND closed_at < $2) ORDER BY id`,
  setCredentials: `UPDATE cases SET credentials_sealed = $1 WHERE id = $2`,
  credentials: `SELECT credentials_sealed AS sealed FROM cases WHERE id = $1`,
  addContact: `INSERT INTO contact_attempts (case_id, engineer_id, at, reached, note) VALUES ($1, $2, $3, $4, $5) RETURNING ${CONTACT_COLUMNS}`,
  contacts: `SELECT ${CONTACT_COLUMNS} FROM contact_attempts WHERE case_id = $1 ORDER BY id`,
};

function listSql(filter: CaseFilter): { text: string; values: unknown[] } {
  const params = new Params();
  const where = whereOf(filter, [
    ['status', (p) => `status = ${p}`],
    ['companyId', (p) => `company_id = ${p}`],
    ['assigneeId', (p) => `assignee_id = ${p}`],
    ['outcome', (p) => `outcome = ${p}`],
    ['from', (p) => `received_at >= ${p}`],
    ['to', (p) => `received_at < ${p}`],
  ], params);
  return { text: `${SELECT}${where} ORDER BY id DESC LIMIT ${params.add(filter.limit)} OFFSET ${params.add(filter.offset)}`, values: params.values };
}

export function postgresCases(sql: Sql): CaseRepository {
  const one = async (text: string, values: unknown[]) => {
    const row = await sql.one<CaseRow>(text, values);
    return row ? caseFromRow(row) : null;
  };
  const many = async (text: string, values: unknown[] = []) => (await sql.rows<CaseRow>(text, values)).map(caseFromRow);
  return {
    insert: async (c) =>
      (await one(SQL.insert, [c.companyId, c.filedBy, c.status, c.urgent, c.receivedAt, c.queuedAt, c.receivedWithinHours, c.nextOpeningAt, c.slaStartsAt, JSON.stringify(c.intake)]))!,
    byId: (id) => one(SQL.byId, [id]),
    list: (filter) => {
      const { text, values } = listSql(filter);
      return many(text, values);
    },
    listOpen: () => many(SQL.listOpen),
    receivedOrClosedBetween: (from, to) => many(SQL.receivedOrClosedBetween, [from, to]),
    update: async (id, patch) => {
      const params = new Params();
      const set = setClause(patch, CASE_PATCH_COLUMNS, params);
      const updated = set ? await one(`UPDATE cases SET ${set} WHERE id = ${params.add(id)} RETURNING ${COLUMNS_SQL}`, params.values) : await one(SQL.byId, [id]);
      if (!updated) throw new Error(`case ${id} vanished during update`);
      return updated;
    },
    setSealedCredentials: async (id, sealed) => {
      await sql.run(SQL.setCredentials, [sealed, id]);
    },
    sealedCredentials: async (id) => (await sql.one<{ sealed: string | null }>(SQL.credentials, [id]))?.sealed ?? null,
    addContact: async (a) => (await sql.one<ContactAttemptRecord>(SQL.addContact, [a.caseId, a.engineerId, a.at, a.reached, a.note]))!,
    contacts: (caseId) => sql.rows<ContactAttemptRecord>(SQL.contacts, [caseId]),
  };
}

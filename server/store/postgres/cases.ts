import { CaseIntake } from '../../../shared/schemas/cases.js';
import type { CaseFilter, CasePatch, CaseRecord, CaseRepository, ContactAttemptRecord } from '../types.js';
import { decodeJson } from './decode.js';
import { Params, setClause, whereOf, type Sql } from './sql.js';

/** The intake as stored: everything but the site credentials, which are sealed apart. */
const StoredIntake = CaseIntake.omit({ siteCredentials: true });

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
  urgent: boolean;
  received_at: string;
  queued_at: string;
  within_hours: boolean;
  next_opening_at: string | null;
  sla_starts_at: string;
  first_contact_at: string | null;
  assignee_id: number | null;
  intake_json: string;
  has_credentials: boolean;
  closed_at: string | null;
}

const toRecord = (r: Row): CaseRecord => ({
  id: r.id,
  companyId: r.company_id,
  filedBy: r.filed_by,
  status: r.status,
  outcome: r.outcome,
  outcomeNote: r.outcome_note,
  urgent: r.urgent,
  receivedAt: r.received_at,
  queuedAt: r.queued_at,
  receivedWithinHours: r.within_hours,
  nextOpeningAt: r.next_opening_at,
  slaStartsAt: r.sla_starts_at,
  firstContactAt: r.first_contact_at,
  assigneeId: r.assignee_id,
  intake: decodeJson(StoredIntake, r.intake_json, `intake of case ${r.id}`),
  hasCredentials: r.has_credentials,
  closedAt: r.closed_at,
});

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
    const row = await sql.one<Row>(text, values);
    return row ? toRecord(row) : null;
  };
  const many = async (text: string, values: unknown[] = []) => (await sql.rows<Row>(text, values)).map(toRecord);
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
      const set = setClause(patch, COLUMNS, params);
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

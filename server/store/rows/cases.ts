import { CaseIntake } from '../../../shared/schemas/cases.js';
import type { CasePatch, CaseRecord } from '../types.js';
import { type Flag, flag } from './flag.js';
import { parseJsonColumn } from './jsonColumn.js';

/** A filed request as stored: the intake it passed, without the credentials (sealed apart). */
const StoredIntake = CaseIntake.omit({ siteCredentials: true });

/** A cases row as both engines return it (`has_credentials` is computed by the query). */
export interface CaseRow {
  id: number;
  company_id: number;
  filed_by: number;
  status: CaseRecord['status'];
  outcome: CaseRecord['outcome'];
  outcome_note: string | null;
  urgent: Flag;
  received_at: string;
  queued_at: string;
  within_hours: Flag;
  next_opening_at: string | null;
  sla_starts_at: string;
  first_contact_at: string | null;
  assignee_id: number | null;
  intake_json: string;
  has_credentials: Flag;
  closed_at: string | null;
}

/** The columns a patch may set, by the record's field. */
export const CASE_PATCH_COLUMNS: Record<keyof CasePatch, string> = {
  status: 'status',
  outcome: 'outcome',
  outcomeNote: 'outcome_note',
  queuedAt: 'queued_at',
  firstContactAt: 'first_contact_at',
  assigneeId: 'assignee_id',
  closedAt: 'closed_at',
};

export const caseFromRow = (r: CaseRow): CaseRecord => ({
  id: r.id,
  companyId: r.company_id,
  filedBy: r.filed_by,
  status: r.status,
  outcome: r.outcome,
  outcomeNote: r.outcome_note,
  urgent: flag(r.urgent),
  receivedAt: r.received_at,
  queuedAt: r.queued_at,
  receivedWithinHours: flag(r.within_hours),
  nextOpeningAt: r.next_opening_at,
  slaStartsAt: r.sla_starts_at,
  firstContactAt: r.first_contact_at,
  assigneeId: r.assignee_id,
  intake: parseJsonColumn(StoredIntake, r.intake_json, { table: 'cases', column: 'intake_json', rowKey: r.id }),
  hasCredentials: flag(r.has_credentials),
  closedAt: r.closed_at,
});

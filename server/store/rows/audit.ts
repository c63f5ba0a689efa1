import { AuditActor, AuditEntry } from '../../../shared/schemas/audit.js';
import { parseJsonColumn } from './jsonColumn.js';

/** An audit_log row as both engines return it. */
export interface AuditRow {
  seq: number;
  at: string;
  actor_json: string;
  action: string;
  case_id: number | null;
  session_id: number | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

export const AUDIT_SELECT = `SELECT seq, at, actor_json, action, case_id, session_id, details_json, prev_hash, hash FROM audit_log`;

export const auditFromRow = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: parseJsonColumn(AuditActor, r.actor_json, { table: 'audit_log', column: 'actor_json', rowKey: r.seq }),
  action: r.action,
  caseId: r.case_id,
  sessionId: r.session_id,
  details: parseJsonColumn(AuditEntry.shape.details, r.details_json, { table: 'audit_log', column: 'details_json', rowKey: r.seq }),
  prevHash: r.prev_hash,
  hash: r.hash,
});

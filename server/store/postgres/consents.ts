import type { ConsentRecord, ConsentRepository, ExtensionRecord, ExtensionRepository, JoinCodeRecord, JoinCodeRepository } from '../types.js';
import type { Sql } from './sql.js';

const JOIN_COLUMNS = `id, session_id AS "sessionId", code_hash AS "codeHash", expires_at AS "expiresAt", used_at AS "usedAt"`;
const JOIN = {
  insert: `INSERT INTO join_codes (session_id, code_hash, expires_at) VALUES ($1, $2, $3) RETURNING ${JOIN_COLUMNS}`,
  byHash: `SELECT ${JOIN_COLUMNS} FROM join_codes WHERE code_hash = $1 ORDER BY id DESC LIMIT 1`,
  forSession: `SELECT ${JOIN_COLUMNS} FROM join_codes WHERE session_id = $1`,
  isLive: `SELECT 1 FROM join_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2`,
  markUsed: `UPDATE join_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL`,
};

export function postgresJoinCodes(sql: Sql): JoinCodeRepository {
  return {
    insert: async (c) => (await sql.one<JoinCodeRecord>(JOIN.insert, [c.sessionId, c.codeHash, c.expiresAt]))!,
    byHash: (hash) => sql.one<JoinCodeRecord>(JOIN.byHash, [hash]),
    isLive: async (hash, now) => (await sql.one(JOIN.isLive, [hash, now])) !== null,
    forSession: (sessionId) => sql.one<JoinCodeRecord>(JOIN.forSession, [sessionId]),
    markUsed: async (id, at) => {
      await sql.run(JOIN.markUsed, [at, id]);
    },
  };
}

const CONSENT_COLUMNS = `id, session_id AS "sessionId", kind, decision, at, text_version AS "textVersion", text_sha256 AS "textSha256", language,
  typed_name AS "typedName", ip, device_summary AS "deviceSummary", extension_minutes AS "extensionMinutes", allow_observers AS "allowObservers"`;
const CONSENT = {
  insert: `INSERT INTO consents (session_id, kind, decision, at, text_version, text_sha256, language, typed_name, ip, device_summary, extension_minutes, allow_observers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${CONSENT_COLUMNS}`,
  forSession: `SELECT ${CONSENT_COLUMNS} FROM consents WHERE session_id = $1 ORDER BY id`,
};

export function postgresConsents(sql: Sql): ConsentRepository {
  return {
    insert: async (c) =>
      (await sql.one<ConsentRecord>(CONSENT.insert, [
        c.sessionId, c.kind, c.decision, c.at, c.textVersion, c.textSha256, c.language, c.typedName, c.ip, c.deviceSummary, c.extensionMinutes, c.allowObservers,
      ]))!,
    forSession: (sessionId) => sql.rows<ConsentRecord>(CONSENT.forSession, [sessionId]),
  };
}

const EXTENSION_COLUMNS = `id, session_id AS "sessionId", minutes, reason, requested_by AS "requestedBy", requested_at AS "requestedAt",
  expires_at AS "expiresAt", status, answered_at AS "answeredAt"`;
const EXTENSION_SELECT = `SELECT ${EXTENSION_COLUMNS} FROM extension_requests`;
const EXTENSION = {
  insert: `INSERT INTO extension_requests (id, session_id, minutes, reason, requested_by, requested_at, expires_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') RETURNING ${EXTENSION_COLUMNS}`,
  byId: `${EXTENSION_SELECT} WHERE id = $1`,
  pending: `${EXTENSION_SELECT} WHERE session_id = $1 AND status = 'pending'`,
  forSession: `${EXTENSION_SELECT} WHERE session_id = $1 ORDER BY requested_at, id`,
  listPending: `${EXTENSION_SELECT} WHERE status = 'pending' ORDER BY requested_at, id`,
  settle: `UPDATE extension_requests SET status = $1, answered_at = $2 WHERE id = $3 AND status = 'pending'`,
};

export function postgresExtensions(sql: Sql): ExtensionRepository {
  return {
    insert: async (e) => (await sql.one<ExtensionRecord>(EXTENSION.insert, [e.id, e.sessionId, e.minutes, e.reason, e.requestedBy, e.requestedAt, e.expiresAt]))!,
    byId: (id) => sql.one<ExtensionRecord>(EXTENSION.byId, [id]),
    pendingForSession: (sessionId) => sql.one<ExtensionRecord>(EXTENSION.pending, [sessionId]),
    forSession: (sessionId) => sql.rows<ExtensionRecord>(EXTENSION.forSession, [sessionId]),
    listPending: () => sql.rows<ExtensionRecord>(EXTENSION.listPending),
    settle: async (id, status, at) => {
      await sql.run(EXTENSION.settle, [status, at, id]);
    },
  };
}

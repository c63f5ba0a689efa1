import type { ConsentRecord, ConsentRepository, ExtensionRecord, ExtensionRepository, JoinCodeRecord, JoinCodeRepository } from '../types.js';
import { flag } from '../rows/flag.js';
import { int, type Statements } from './statements.js';

const JOIN = {
  insert: `INSERT INTO join_codes (session_id, code_hash, expires_at) VALUES (@sessionId, @codeHash, @expiresAt)`,
  byId: `SELECT id, session_id AS sessionId, code_hash AS codeHash, expires_at AS expiresAt, used_at AS usedAt FROM join_codes WHERE id = ?`,
  byHash: `SELECT id, session_id AS sessionId, code_hash AS codeHash, expires_at AS expiresAt, used_at AS usedAt
           FROM join_codes WHERE code_hash = ? ORDER BY id DESC LIMIT 1`,
  forSession: `SELECT id, session_id AS sessionId, code_hash AS codeHash, expires_at AS expiresAt, used_at AS usedAt FROM join_codes WHERE session_id = ?`,
  isLive: `SELECT 1 FROM join_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
  markUsed: `UPDATE join_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`,
};

export function sqliteJoinCodes(s: Statements): JoinCodeRepository {
  return {
    insert: async (c) => s.get(JOIN.byId).get(s.get(JOIN.insert).run(c).lastInsertRowid) as JoinCodeRecord,
    byHash: async (hash) => (s.get(JOIN.byHash).get(hash) as JoinCodeRecord | undefined) ?? null,
    isLive: async (hash, now) => s.get(JOIN.isLive).get(hash, now) !== undefined,
    forSession: async (sessionId) => (s.get(JOIN.forSession).get(sessionId) as JoinCodeRecord | undefined) ?? null,
    markUsed: async (id, at) => {
      s.get(JOIN.markUsed).run(at, id);
    },
  };
}

const CONSENT = {
  insert: `INSERT INTO consents (session_id, kind, decision, at, text_version, text_sha256, language, typed_name, ip, device_summary, extension_minutes, allow_observers)
           VALUES (@sessionId, @kind, @decision, @at, @textVersion, @textSha256, @language, @typedName, @ip, @deviceSummary, @extensionMinutes, @allowObservers)`,
  forSession: `SELECT id, session_id AS sessionId, kind, decision, at, text_version AS textVersion, text_sha256 AS textSha256, language,
                 typed_name AS typedName, ip, device_summary AS deviceSummary, extension_minutes AS extensionMinutes, allow_observers AS allowObservers
               FROM consents WHERE session_id = ? ORDER BY id`,
};

export function sqliteConsents(s: Statements): ConsentRepository {
  return {
    insert: async (c) => ({ ...c, id: Number(s.get(CONSENT.insert).run({ ...c, allowObservers: int(c.allowObservers) }).lastInsertRowid) }),
    forSession: async (sessionId) =>
      (s.get(CONSENT.forSession).all(sessionId) as Array<Omit<ConsentRecord, 'allowObservers'> & { allowObservers: number }>).map((c) => ({
        ...c,
        allowObservers: flag(c.allowObservers),
      })),
  };
}

const EXTENSION_SELECT = `SELECT id, session_id AS sessionId, minutes, reason, requested_by AS requestedBy, requested_at AS requestedAt,
  expires_at AS expiresAt, status, answered_at AS answeredAt FROM extension_requests`;
const EXTENSION = {
  insert: `INSERT INTO extension_requests (id, session_id, minutes, reason, requested_by, requested_at, expires_at, status)
           VALUES (@id, @sessionId, @minutes, @reason, @requestedBy, @requestedAt, @expiresAt, 'pending')`,
  byId: `${EXTENSION_SELECT} WHERE id = ?`,
  pending: `${EXTENSION_SELECT} WHERE session_id = ? AND status = 'pending'`,
  forSession: `${EXTENSION_SELECT} WHERE session_id = ? ORDER BY requested_at, id`,
  listPending: `${EXTENSION_SELECT} WHERE status = 'pending'`,
  settle: `UPDATE extension_requests SET status = ?, answered_at = ? WHERE id = ? AND status = 'pending'`,
};

export function sqliteExtensions(s: Statements): ExtensionRepository {
  const byId = (id: string) => (s.get(EXTENSION.byId).get(id) as ExtensionRecord | undefined) ?? null;
  return {
    insert: async (e) => {
      s.get(EXTENSION.insert).run(e);
      return byId(e.id)!;
    },
    byId: async (id) => byId(id),
    pendingForSession: async (sessionId) => (s.get(EXTENSION.pending).get(sessionId) as ExtensionRecord | undefined) ?? null,
    forSession: async (sessionId) => s.get(EXTENSION.forSession).all(sessionId) as ExtensionRecord[],
    listPending: async () => s.get(EXTENSION.listPending).all() as ExtensionRecord[],
    settle: async (id, status, at) => {
      s.get(EXTENSION.settle).run(status, at, id);
    },
  };
}

import type { OutboxRecord, OutboxRepository, ReportRecord, ReportRepository, StatisticsMailingRepository } from '../types.js';
import { z } from 'zod';
import { parseJsonColumn } from '../rows/jsonColumn.js';
import type { Statements } from './statements.js';

const REPORT_SELECT = `SELECT id, case_id AS caseId, submitted_by AS submittedBy, submitted_at AS submittedAt, cause, outcome, json, html, outbox_id AS outboxId FROM reports`;
const REPORT = {
  insert: `INSERT INTO reports (case_id, submitted_by, submitted_at, cause, outcome, json, html, outbox_id)
           VALUES (@caseId, @submittedBy, @submittedAt, @cause, @outcome, @json, @html, @outboxId)`,
  forCase: `${REPORT_SELECT} WHERE case_id = ? ORDER BY id`,
  between: `${REPORT_SELECT} WHERE submitted_at >= ? AND submitted_at < ? ORDER BY id`,
};

export function sqliteReports(s: Statements): ReportRepository {
  return {
    insert: async (r) => ({ ...r, id: Number(s.get(REPORT.insert).run(r).lastInsertRowid) }),
    forCase: async (caseId) => s.get(REPORT.forCase).all(caseId) as ReportRecord[],
    submittedBetween: async (from, to) => s.get(REPORT.between).all(from, to) as ReportRecord[],
  };
}

const OUTBOX_SELECT = `SELECT id, kind, recipient, subject, html, text, attachments_json, status, attempts, next_attempt_at AS nextAttemptAt,
  last_error AS lastError, created_at AS createdAt, delivered_at AS deliveredAt, reference FROM outbox`;
const OUTBOX = {
  insert: `INSERT INTO outbox (kind, recipient, subject, html, text, attachments_json, status, next_attempt_at, created_at, reference)
           VALUES (@kind, @recipient, @subject, @html, @text, @attachmentsJson, 'pending', @nextAttemptAt, @createdAt, @reference)`,
  byId: `${OUTBOX_SELECT} WHERE id = ?`,
  due: `${OUTBOX_SELECT} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id`,
  list: `${OUTBOX_SELECT} ORDER BY id DESC LIMIT ?`,
  delivered: `UPDATE outbox SET status = @status, delivered_at = @at, reference = coalesce(@reference, reference), attempts = attempts + 1, last_error = NULL WHERE id = @id`,
  retryNow: `UPDATE outbox SET next_attempt_at = @now WHERE id = @id AND status = 'pending'`,
  failed: `UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @nextAttemptAt WHERE id = @id`,
};

/** A message's attachments: base64 content with its name and type. */
const Attachments = z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() }));

type OutboxRow = Omit<OutboxRecord, 'attachments'> & { attachments_json: string };
const toOutbox = ({ attachments_json, ...r }: OutboxRow): OutboxRecord => ({
  ...r,
  attachments: parseJsonColumn(Attachments, attachments_json, { table: 'outbox', column: 'attachments_json', rowKey: r.id }),
});

export function sqliteOutbox(s: Statements): OutboxRepository {
  const byId = (id: number | bigint) => {
    const row = s.get(OUTBOX.byId).get(id) as OutboxRow | undefined;
    return row ? toOutbox(row) : null;
  };
  return {
    insert: async ({ attachments, ...m }) => byId(s.get(OUTBOX.insert).run({ ...m, attachmentsJson: JSON.stringify(attachments) }).lastInsertRowid)!,
    byId: async (id) => byId(id),
    due: async (now) => (s.get(OUTBOX.due).all(now) as OutboxRow[]).map(toOutbox),
    list: async (limit) => (s.get(OUTBOX.list).all(limit) as OutboxRow[]).map(toOutbox),
    markDelivered: async (id, status, at, reference) => {
      s.get(OUTBOX.delivered).run({ id, status, at, reference });
    },
    retryNow: async (id, now) => s.get(OUTBOX.retryNow).run({ id, now }).changes > 0,
    markFailed: async (id, error, nextAttemptAt) => {
      s.get(OUTBOX.failed).run({ id, error, nextAttemptAt });
    },
  };
}

export function sqliteStatisticsMailings(s: Statements): StatisticsMailingRepository {
  return {
    has: async (month, companyId) => s.get(`SELECT 1 FROM statistics_mailings WHERE month = ? AND company_id = ?`).get(month, companyId) !== undefined,
    insert: async (month, companyId, outboxId) => {
      s.get(`INSERT INTO statistics_mailings (month, company_id, outbox_id) VALUES (?, ?, ?)`).run(month, companyId, outboxId);
    },
  };
}

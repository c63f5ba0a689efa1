import { z } from 'zod';
import type { OutboxRecord, OutboxRepository, ReportRecord, ReportRepository, StatisticsMailingRepository } from '../types.js';
import { parseJsonColumn } from '../rows/jsonColumn.js';
import type { Sql } from './sql.js';

const REPORT_COLUMNS = `id, case_id AS "caseId", submitted_by AS "submittedBy", submitted_at AS "submittedAt", cause, outcome, json, html, outbox_id AS "outboxId"`;
const REPORT = {
  insert: `INSERT INTO reports (case_id, submitted_by, submitted_at, cause, outcome, json, html, outbox_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REPORT_COLUMNS}`,
  forCase: `SELECT ${REPORT_COLUMNS} FROM reports WHERE case_id = $1 ORDER BY id`,
  between: `SELECT ${REPORT_COLUMNS} FROM reports WHERE submitted_at >= $1 AND submitted_at < $2 ORDER BY id`,
};

export function postgresReports(sql: Sql): ReportRepository {
  return {
    insert: async (r) => (await sql.one<ReportRecord>(REPORT.insert, [r.caseId, r.submittedBy, r.submittedAt, r.cause, r.outcome, r.json, r.html, r.outboxId]))!,
    forCase: (caseId) => sql.rows<ReportRecord>(REPORT.forCase, [caseId]),
    submittedBetween: (from, to) => sql.rows<ReportRecord>(REPORT.between, [from, to]),
  };
}

const Attachments = z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() }));

const OUTBOX_COLUMNS = `id, kind, recipient, subject, html, text, attachments_json, status, attempts, next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt", reference`;
const OUTBOX_SELECT = `SELECT ${OUTBOX_COLUMNS} FROM outbox`;
const OUTBOX = {
  insert: `INSERT INTO outbox (kind, recipient, subject, html, text, attachments_json, status, next_attempt_at, created_at, reference)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9) RETURNING ${OUTBOX_COLUMNS}`,
  byId: `${OUTBOX_SELECT} WHERE id = $1`,
  due: `${OUTBOX_SELECT} WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id`,
  list: `${OUTBOX_SELECT} ORDER BY id DESC LIMIT $1`,
  delivered: `UPDATE outbox SET status = $2, delivered_at = $3, reference = coalesce($4, reference), attempts = attempts + 1, last_error = NULL WHERE id = $1`,
  retryNow: `UPDATE outbox SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'`,
  failed: `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`,
};

type OutboxRow = Omit<OutboxRecord, 'attachments'> & { attachments_json: string };
const toOutbox = ({ attachments_json, ...r }: OutboxRow): OutboxRecord => ({ ...r, attachments: parseJsonColumn(Attachments, attachments_json, { table: 'outbox', column: 'attachments_json', rowKey: r.id }) });

export function postgresOutbox(sql: Sql): OutboxRepository {
  const many = async (text: string, values: unknown[]) => (await sql.rows<OutboxRow>(text, values)).map(toOutbox);
  return {
    insert: async ({ attachments, ...m }) =>
      toOutbox((await sql.one<OutboxRow>(OUTBOX.insert, [m.kind, m.recipient, m.subject, m.html, m.text, JSON.stringify(attachments), m.nextAttemptAt, m.createdAt, m.reference]))!),
    byId: async (id) => (await many(OUTBOX.byId, [id]))[0] ?? null,
    due: (now) => many(OUTBOX.due, [now]),
    list: (limit) => many(OUTBOX.list, [limit]),
    markDelivered: async (id, status, at, reference) => {
      await sql.run(OUTBOX.delivered, [id, status, at, reference]);
    },
    retryNow: async (id, now) => (await sql.run(OUTBOX.retryNow, [id, now])) > 0,
    markFailed: async (id, error, nextAttemptAt) => {
      await sql.run(OUTBOX.failed, [id, error, nextAttemptAt]);
    },
  };
}

export function postgresStatisticsMailings(sql: Sql): StatisticsMailingRepository {
  return {
    has: async (month, companyId) => (await sql.one(`SELECT 1 FROM statistics_mailings WHERE month = $1 AND company_id = $2`, [month, companyId])) !== null,
    insert: async (month, companyId, outboxId) => {
      await sql.run(`INSERT INTO statistics_mailings (month, company_id, outbox_id) VALUES ($1, $2, $3)`, [month, companyId, outboxId]);
    },
  };
}

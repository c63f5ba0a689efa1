import { AppError } from '../../shared/errors.js';
import { caseRef } from '../../shared/schemas/cases.js';
import type { ReportRequest, ReportSummary } from '../../shared/schemas/reports.js';
import { recordAudit } from '../audit/trail.js';
import type { ServerContext } from '../context.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { applyTransition } from '../domain/lifecycle.js';
import { slaView } from '../domain/sla.js';
import { enqueueMail } from '../mail/outbox.js';
import { loadVisibleCase } from '../access/caseVisibility.js';
import type { CaseRecord, Repositories } from '../store/types.js';
import { buildReport, type ReportData } from './reportData.js';
import { renderReportHtml, renderReportText } from './renderReport.js';

type Deps = Pick<ServerContext, 'store' | 'clock' | 'outbox' | 'config'>;

async function collectAudit(repos: Repositories, filter: { sessionId: number }) {
  const entries = [];
  for await (const e of repos.audit.all(filter)) entries.push(e);
  return entries;
}

/** Reads everything the report is made of, inside one view of the store. */
async function assemble(deps: Pick<Deps, 'clock'>, repos: Repositories, c: CaseRecord, engineer: AuthUser, request: ReportRequest, submittedAt: string): Promise<ReportData> {
  const company = await repos.companies.byId(c.companyId);
  const sessions = await Promise.all(
    (await repos.sessions.forCase(c.id)).map(async (session) => ({
      session,
      consents: await repos.consents.forSession(session.id),
      extensions: await repos.extensions.forSession(session.id),
      audit: await collectAudit(repos, { sessionId: session.id }),
      playbackChecks: await repos.playbackChecks.forSession(session.id),
    })),
  );
  return buildReport({
    record: c,
    company: company?.name ?? `#${c.companyId}`,
    engineer: engineer.displayName,
    submittedAt,
    request,
    sla: slaView({ startsAtMs: Date.parse(c.slaStartsAt), firstContactAtMs: c.firstContactAt ? Date.parse(c.firstContactAt) : null }, deps.clock.now()),
    sessions,
  });
}

function requireAssignee(c: CaseRecord, engineer: AuthUser): void {
  if (c.assigneeId !== engineer.id) throw new AppError('NOT_ASSIGNED', 'Only the engineer the case is assigned to reports on it.', { details: { assigneeId: c.assigneeId } });
}

/** What the report would say, without saving or sending anything (the engineer's preview). */
export async function previewReport(deps: Deps, engineer: AuthUser, caseId: number, request: ReportRequest): Promise<{ report: ReportData; html: string }> {
  const c = await loadVisibleCase(deps.store.read, engineer, caseId);
  requireAssignee(c, engineer);
  const report = await assemble(deps, deps.store.read, c, engineer, request, new Date(deps.clock.now()).toISOString());
  return { report, html: renderReportHtml(report, deps.config.timeZone) };
}

/**
 * The result report (§2: a result mail per case). Submitting it closes a contacted case with the
 * outcome; for a case a session already closed (declined, unsupported device) the outcome must
 * match. The report and its mail are stored in one transaction, so the mail is never lost.
 */
export async function submitReport(deps: Deps, engineer: AuthUser, caseId: number, request: ReportRequest): Promise<ReportSummary> {
  const saved = await deps.store.write(async (tx) => {
    let c = await loadVisibleCase(tx, engineer, caseId);
    requireAssignee(c, engineer);
    const now = new Date(deps.clock.now()).toISOString();
    if (c.status === 'closed') {
      if (c.outcome !== request.outcome) throw new AppError('CONFLICT', `The case was closed as "${c.outcome}"; the report must say so.`, { details: { currentOutcome: c.outcome } });
      const existing = (await tx.reports.forCase(c.id)).filter((r) => c.closedAt !== null && r.submittedAt >= c.closedAt);
      if (existing.length > 0) throw new AppError('REPORT_EXISTS', 'This closure already has its report.', { details: { reportId: existing[0]!.id } });
    } else {
      const next = applyTransition(c, { action: 'close', outcome: request.outcome, note: request.note, reason: request.note });
      c = await tx.cases.update(c.id, { status: next.status, outcome: next.outcome, outcomeNote: next.note, closedAt: now });
      await recordAudit(tx, deps.clock.now(), { actor: userActor(engineer), action: 'case.closed', caseId, details: { statusFrom: 'contacted', statusTo: 'closed', outcome: request.outcome, via: 'report' } });
    }
    const company = await tx.companies.byId(c.companyId);
    const report = await assemble(deps, tx, c, engineer, request, now);
    const html = renderReportHtml(report, deps.config.timeZone);
    const json = JSON.stringify(report);
    const mail = await enqueueMail(tx, deps.clock.now(), {
      kind: 'report',
      recipient: company?.reportEmail ?? '',
      subject: `[RemoteAssist] 결과 보고 / Result report ${caseRef(c.id)} — ${report.result.outcomeLabel.en}`,
      html,
      text: renderReportText(report, deps.config.timeZone),
      attachments: [{ filename: `${caseRef(c.id)}-report.json`, contentType: 'application/json', content: json }],
    });
    const saved = await tx.reports.insert({ caseId, submittedBy: engineer.id, submittedAt: now, cause: request.cause, outcome: request.outcome, json, html, outboxId: mail.id });
    await recordAudit(tx, deps.clock.now(), {
      actor: userActor(engineer),
      action: 'case.report_submitted',
      caseId,
      details: { reportId: saved.id, cause: request.cause, outcome: request.outcome, mailTo: mail.recipient, outboxId: mail.id },
    });
    return saved;
  });
  void deps.outbox.kick();
  return (await listReports(deps, engineer, caseId)).find((r) => r.id === saved.id)!;
}

export async function listReports(deps: Pick<Deps, 'store'>, user: AuthUser, caseId: number): Promise<ReportSummary[]> {
  await loadVisibleCase(deps.store.read, user, caseId);
  const reports = await deps.store.read.reports.forCase(caseId);
  return Promise.all(
    reports.map(async (r) => {
      const mail = r.outboxId ? await deps.store.read.outbox.byId(r.outboxId) : null;
      return { id: r.id, caseId: r.caseId, submittedAt: r.submittedAt, cause: r.cause, outcome: r.outcome, mail: mail ? { status: mail.status, attempts: mail.attempts, lastError: mail.lastError } : null };
    }),
  );
}

export async function getReport(deps: Pick<Deps, 'store'>, user: AuthUser, caseId: number, reportId: number): Promise<{ json: ReportData; html: string }> {
  await loadVisibleCase(deps.store.read, user, caseId);
  const report = (await deps.store.read.reports.forCase(caseId)).find((r) => r.id === reportId);
  if (!report) throw new AppError('NOT_FOUND', `No report ${reportId} for case ${caseId}.`);
  return { json: JSON.parse(report.json) as ReportData, html: report.html };
}

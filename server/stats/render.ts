import { EndReason } from '../../shared/protocol/session.js';
import { CaseOutcome } from '../../shared/schemas/cases.js';
import { OUTCOME_LABELS, REPORT_CAUSES } from '../../shared/schemas/reports.js';
import type { MonthlyStatistics, ScopeStatistics } from '../../shared/schemas/statistics.js';
import { spreadsheetCsv } from '../exports/spreadsheetCells.js';
import { localDate } from '../reports/localTime.js';
import { escapeHtml } from '../reports/renderReport.js';

/** Flattens a scope into `metric → value` rows, the same for CSV and the HTML tables. */
function metrics(s: ScopeStatistics): Array<[string, string | number | boolean | null]> {
  return [
    ['cases_received', s.casesReceived],
    ['cases_closed', s.casesClosed],
    ...CaseOutcome.options.map((o): [string, number] => [`closed_${o}`, s.byOutcome[o]]),
    ...REPORT_CAUSES.map((c): [string, number] => [`cause_${c.id}`, s.byCause[c.id]]),
    ['first_contact_count', s.firstContact.contacted],
    ['first_contact_pending', s.firstContact.pending],
    ['first_contact_average_minutes', s.firstContact.averageMinutes],
    ['first_contact_p90_minutes', s.firstContact.p90Minutes],
    ['first_contact_within_24h_share', s.firstContact.within24hShare],
    ['first_contact_average_within_6h_target', s.firstContact.averageWithinTarget],
    ['sessions_opened', s.sessions.opened],
    ['sessions_started', s.sessions.started],
    ['sessions_ended', s.sessions.ended],
    ...EndReason.options.map((reason): [string, number] => [`sessions_ended_${reason}`, s.sessions.byEndReason[reason]]),
    ['session_duration_average_minutes', s.sessions.durationAverageMinutes],
    ['session_duration_p90_minutes', s.sessions.durationP90Minutes],
    ['session_total_minutes', s.sessions.totalMinutes],
    ['extensions_requested', s.extensions.requested],
    ['extensions_accepted', s.extensions.accepted],
    ['extensions_declined', s.extensions.declined],
    ['extensions_expired', s.extensions.expired],
    ['extension_minutes_granted', s.extensions.minutesGranted],
    ['sessions_declined', s.declines],
    ['devices_not_supported', s.unsupportedDevices],
  ];
}

export function statisticsCsv(stats: MonthlyStatistics): string {
  const rows: unknown[][] = [['month', 'scope', 'company_id', 'company', 'metric', 'value']];
  for (const [metric, value] of metrics(stats.overall)) rows.push([stats.month, 'overall', '', '', metric, value ?? '']);
  for (const c of stats.companies) for (const [metric, value] of metrics(c.statistics)) rows.push([stats.month, 'company', c.companyId, c.companyName, metric, value ?? '']);
  return spreadsheetCsv(rows);
}

/** A bar chart of closed cases by outcome, in table cells: it renders in mail clients without scripts or SVG. */
function outcomeChart(s: ScopeStatistics): string {
  const max = Math.max(1, ...Object.values(s.byOutcome));
  const bars = CaseOutcome.options
    .map((o) => {
      const n = s.byOutcome[o];
      const width = Math.round((n / max) * 300);
      // A width attribute, not a style: it survives a strict Content-Security-Policy and mail clients.
      return `<tr><th>${escapeHtml(`${OUTCOME_LABELS[o].ko} / ${OUTCOME_LABELS[o].en}`)}</th><td><table role="presentation"><tr><td class="bar" width="${Math.max(1, width)}" height="14"></td></tr></table></td><td>${n}</td></tr>`;
    })
    .join('');
  return `<table class="chart" role="img" aria-label="Closed cases by outcome">${bars}</table>`;
}

function scopeHtml(title: string, s: ScopeStatistics): string {
  const rows = metrics(s)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v ?? '—')}</td></tr>`)
    .join('');
  return `<h2>${escapeHtml(title)}</h2>${outcomeChart(s)}<table>${rows}</table>`;
}

export const STATISTICS_STYLE = 'body{font-family:sans-serif;color:#222}table{border-collapse:collapse;margin:.5em 0 1.2em}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f4f4f4;font-weight:normal}.chart td,.chart th{border:none}.bar{background:#2b6cb0;padding:0}';

export function statisticsHtml(stats: MonthlyStatistics): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(`월간 통계 / Monthly statistics ${stats.month}`)}</title><style>${STATISTICS_STYLE}</style></head><body>
<h1>${escapeHtml(`월간 통계 / Monthly statistics — ${stats.month}`)}</h1>
<p>${escapeHtml(`${localDate(stats.from, stats.timeZone)} – ${localDate(new Date(Date.parse(stats.to) - 1).toISOString(), stats.timeZone)} (${stats.timeZone})`)}</p>
${stats.companies.length === 1 ? '' : scopeHtml('전체 / Overall', stats.overall)}
${stats.companies.map((c) => scopeHtml(c.companyName, c.statistics)).join('\n')}
</body></html>`;
}

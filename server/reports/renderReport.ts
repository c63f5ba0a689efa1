import { localTime, zoneLabel } from './localTime.js';
import type { ReportData, ReportPlaybackCheck, ReportSession } from './reportData.js';

/** Every value that reaches the HTML goes through this: agent-supplied strings included. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

type Cell = string | number | boolean | null | undefined;
const row = (label: string, value: Cell) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
const table = (head: string[], rows: Cell[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

export const REPORT_STYLE = `body{font-family:sans-serif;color:#222;max-width:960px}table{border-collapse:collapse;margin:.5em 0 1.2em}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}code{font-size:.85em}`;

/** Formats instants in the HelpDesk's zone: minutes for the case, seconds within a session. */
type Times = { minutes: (iso: string | null | undefined) => string; seconds: (iso: string | null | undefined) => string };
const timesIn = (timeZone: string): Times => ({ minutes: (iso) => localTime(iso, timeZone), seconds: (iso) => localTime(iso, timeZone, 'seconds') });

function playbackCheckHtml(c: ReportPlaybackCheck, at: Times): string {
  return [
    `<p>${escapeHtml(at.seconds(c.at))} — ${escapeHtml(c.status)}</p>`,
    table(
      ['Item / 항목', 'Status / 결과', 'Measured / 측정', 'Usually means / 흔한 원인'],
      c.rows.map((r) => [`${r.item.ko} / ${r.item.en}`, r.status, r.summary, r.meaning.ko ? `${r.meaning.ko} / ${r.meaning.en}` : '']),
    ),
  ].join('\n');
}

function sessionHtml(s: ReportSession, at: Times): string {
  return [
    `<h3>Session ${escapeHtml(s.id)}</h3>`,
    `<table>${row('Device / 기기', s.device?.summary ?? '—')}${row('Started / 시작', at.seconds(s.startedAt))}${row('Ended / 종료', `${at.seconds(s.endedAt)} (${s.endReason ?? '—'})`)}${row('Duration / 시간', s.durationMinutes === null ? '—' : `${s.durationMinutes} min of ${s.grantedMinutes} granted`)}</table>`,
    '<h4>Consent records / 동의 기록</h4>',
    table(['Kind', 'Decision', 'At', 'Text version', 'SHA-256', 'Lang', 'Name', 'Minutes'], s.consents.map((c) => [c.kind, c.decision, at.seconds(c.at), c.textVersion, c.textSha256, c.language, c.typedName, c.extensionMinutes ?? ''])),
    '<h4>Timeline / 진행</h4>',
    table(['At', 'Event'], s.timeline.map((t) => [at.seconds(t.at), t.detail])),
    '<h4>Diagnostics / 진단</h4>',
    s.diagnostics.length ? table(['At', 'Check', 'Status', 'Summary'], s.diagnostics.map((d) => [at.seconds(d.at), d.check, d.status, d.summary])) : '<p>—</p>',
    ...(s.playbackChecks.length ? ['<h4>Video-playback check in the browser / 브라우저 영상 재생 검사</h4>', ...s.playbackChecks.map((c) => playbackCheckHtml(c, at))] : []),
    '<h4>Actions / 조치 기록</h4>',
    s.actions.length ? table(['At', 'By', 'Action', 'Detail'], s.actions.map((a) => [at.seconds(a.at), a.by, a.kind, a.detail])) : '<p>—</p>',
  ].join('\n');
}

/** The report as a self-contained HTML page, for the e-mail and the browser alike; times in the HelpDesk's zone. */
export function renderReportHtml(r: ReportData, timeZone: string): string {
  const spec = r.case.pcSpec;
  const at = timesIn(timeZone);
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(`${r.ref} 결과 보고 / Result report`)}</title><style>${REPORT_STYLE}</style></head><body>
<h1>${escapeHtml(r.ref)} — 결과 보고 / Result report</h1>
<table>${row('Customer company / 고객사', r.company)}${row('Engineer / 엔지니어', r.engineer)}${row('Submitted / 작성', at.minutes(r.submittedAt))}${row('Times in / 시각 기준', zoneLabel(timeZone, r.submittedAt))}</table>
<h2>Result / 결과</h2>
<table>${row('Outcome / 처리 결과', `${r.result.outcomeLabel.ko} / ${r.result.outcomeLabel.en}`)}${row('Cause / 원인', `${r.result.causeLabel.ko} / ${r.result.causeLabel.en}`)}${row('Actions / 조치 내용', r.result.actions)}${row('Note / 비고', r.result.note ?? '—')}</table>
<h2>Case / 요청 내용</h2>
<table>${row('Received / 접수', `${at.minutes(r.case.receivedAt)}${r.case.receivedWithinBusinessHours ? '' : ' (outside business hours / 접수 시간 외)'}`)}${row('Urgent / 긴급', r.case.urgent ? 'yes' : 'no')}${row('First consultation / 1차 상담일', r.case.firstConsultationDate)}${row('Requesting agent / 요청 상담원', r.case.requestingAgent)}${row('Customer / 고객', r.case.customerName)}${row('Site / 사이트', r.case.siteUrl)}${row('Symptoms / 증상', r.case.symptoms)}${row('PC specification / PC 사양', spec ? [spec.cpu, spec.ramGb && `${spec.ramGb} GB`, spec.gpu, spec.os].filter(Boolean).join(', ') : '—')}</table>
<h2>First contact / 최초 연락</h2>
<table>${row('Clock started / 기준 시각', at.minutes(r.sla.startsAt))}${row('Due / 기한', at.minutes(r.sla.dueAt))}${row('First contact / 최초 연락', at.minutes(r.sla.firstContactAt))}${row('Time to first contact / 소요', r.sla.timeToFirstContactMinutes === null ? '—' : `${r.sla.timeToFirstContactMinutes} min`)}${row('Within 24 h / 24시간 이내', r.sla.state === 'met' ? 'yes' : r.sla.state === 'missed' ? 'no' : r.sla.state)}</table>
<h2>First-level checks / 1차 조치</h2>
${table(['#', 'Check / 항목', 'Done / 조치', 'Result / 결과'], r.firstLevelChecks.map((c) => [c.ref, `${c.ko} / ${c.en}`, c.done ? 'yes' : 'no', c.result ?? '']))}
<h2>Remote sessions / 원격 지원</h2>
${r.sessions.length ? r.sessions.map((s) => sessionHtml(s, at)).join('\n') : '<p>No remote session. / 원격 지원 없음.</p>'}
</body></html>`;
}

export function renderReportText(r: ReportData, timeZone: string): string {
  return [
    `${r.ref} — 결과 보고 / Result report`,
    `Customer company: ${r.company}`,
    `Received: ${localTime(r.case.receivedAt, timeZone)}, submitted: ${localTime(r.submittedAt, timeZone)} — times in ${zoneLabel(timeZone, r.submittedAt)}`,
    `Outcome: ${r.result.outcomeLabel.en} / ${r.result.outcomeLabel.ko}`,
    `Cause: ${r.result.causeLabel.en} / ${r.result.causeLabel.ko}`,
    `Actions: ${r.result.actions}`,
    r.result.note ? `Note: ${r.result.note}` : '',
    `Remote sessions: ${r.sessions.length}`,
    ...r.sessions.flatMap((s) =>
      s.playbackChecks.map((c) => {
        const attention = c.rows.filter((row) => row.status === 'fail' || row.status === 'error' || row.status === 'warn');
        return `Playback check (session ${s.id}, ${localTime(c.at, timeZone, 'seconds')}): ${c.status}${attention.length ? ` — ${attention.map((row) => `${row.item.en}: ${row.status}`).join('; ')}` : ''}`;
      }),
    ),
    'The full report is in the HTML part and the attached JSON.',
  ]
    .filter(Boolean)
    .join('\n');
}

import { FIRST_LEVEL_CHECKS, caseRef, type CaseOutcome, type PcSpec } from '../../shared/schemas/cases.js';
import { deviceSummary, type DeviceReport } from '../../shared/protocol/device.js';
import type { AuditEntry } from '../../shared/schemas/audit.js';
import { OUTCOME_LABELS, REPORT_CAUSES, type ReportRequest } from '../../shared/schemas/reports.js';
import type { SlaView } from '../../shared/schemas/cases.js';
import { byUrgency } from '../../shared/playbackCheck/items.js';
import { itemMeanings, itemTitle } from '../../shared/playbackCheck/records.js';
import type { CaseRecord, ConsentRecord, ExtensionRecord, PlaybackCheckRecord, SessionRecord } from '../store/types.js';

/** Everything a result report says. Built from the record only; never holds site credentials. */
export interface ReportData {
  ref: string;
  company: string;
  engineer: string;
  submittedAt: string;
  case: {
    receivedAt: string;
    receivedWithinBusinessHours: boolean;
    firstConsultationDate: string;
    requestingAgent: string;
    customerName: string;
    siteUrl: string;
    symptoms: string;
    urgent: boolean;
    pcSpec: PcSpec | null;
  };
  sla: SlaView;
  firstLevelChecks: Array<{ ref: string; en: string; ko: string; done: boolean; result: string | null }>;
  sessions: ReportSession[];
  result: { cause: string; causeLabel: { en: string; ko: string }; actions: string; outcome: CaseOutcome; outcomeLabel: { en: string; ko: string }; note: string | null };
}

export interface ReportSession {
  id: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  grantedMinutes: number;
  durationMinutes: number | null;
  device: { summary: string; details: DeviceReport } | null;
  consents: Array<Pick<ConsentRecord, 'kind' | 'decision' | 'at' | 'textVersion' | 'textSha256' | 'language' | 'typedName' | 'extensionMinutes'>>;
  extensions: Array<Pick<ExtensionRecord, 'minutes' | 'reason' | 'requestedAt' | 'status' | 'answeredAt'>>;
  timeline: Array<{ at: string; event: string; detail: string }>;
  diagnostics: Array<{ at: string; check: string; status: string; summary: string; automatic: boolean }>;
  /** The video-playback checks of a browser session, each row failing first, with what it usually means. */
  playbackChecks: ReportPlaybackCheck[];
  actions: Array<{ at: string; by: string; kind: string; detail: string }>;
}

export interface ReportPlaybackCheck {
  at: string;
  status: string;
  rows: Array<{ item: { ko: string; en: string }; status: string; summary: string; meaning: { ko: string; en: string } }>;
}

export interface ReportInput {
  record: CaseRecord;
  company: string;
  engineer: string;
  submittedAt: string;
  request: ReportRequest;
  sla: SlaView;
  sessions: Array<{ session: SessionRecord; consents: ConsentRecord[]; extensions: ExtensionRecord[]; audit: AuditEntry[]; playbackChecks: PlaybackCheckRecord[] }>;
}

const TIMELINE: Record<string, (d: Record<string, unknown>) => string> = {
  'session.opened': () => 'join code issued',
  'session.agent_joined': () => 'agent joined',
  'session.device_accepted': (d) => `device accepted: ${String(d['device'])}`,
  'session.device_refused': (d) => `device refused: ${String(d['message'] ?? d['reason'])}`,
  'session.consent_recorded': (d) => `consent ${String(d['decision'])} (${String(d['textVersion'])}, ${String(d['language'])})`,
  'session.started': (d) => `started, ${String(d['grantedMinutes'])} min granted`,
  'session.warning_sent': (d) => `warning: ${String(d['minutesLeft'])} min left`,
  'session.extension_requested': (d) => `extension of ${String(d['minutes'])} min requested: ${String(d['reason'])}`,
  'session.extension_answered': (d) => `extension ${String(d['decision'])}`,
  'session.extension_expired': () => 'extension request unanswered',
  'session.extended': (d) => `extended to ${String(d['grantedMinutes'])} min in all`,
  'session.agent_disconnected': () => 'agent disconnected',
  'session.agent_reconnected': () => 'agent reconnected',
  'session.engineer_disconnected': () => 'engineer disconnected',
  'session.playback_check': (d) => `playback check: ${String(d['status'])}`,
  'session.ended': (d) => `ended: ${String(d['reason'])}${d['handover'] === 'agent' ? ' (continued in the agent program)' : ''}`,
};
const ACTIONS = new Set(['session.control_granted', 'session.control_paused', 'session.control_resumed', 'session.control_stopped', 'session.control_unavailable', 'session.monitor_switched', 'session.chat', 'session.file_transfer']);

function actionDetail(e: AuditEntry): string {
  const { reportedBy: _by, ...rest } = e.details;
  return Object.entries(rest).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
}

function reportPlaybackCheck(c: PlaybackCheckRecord): ReportPlaybackCheck {
  return {
    at: c.at,
    status: c.result.status,
    rows: byUrgency(c.result.items).map((item) => ({
      item: { ko: itemTitle(item, 'ko'), en: itemTitle(item, 'en') },
      status: item.status,
      summary: item.summary,
      meaning: { ko: itemMeanings(item, 'ko').join(' '), en: itemMeanings(item, 'en').join(' ') },
    })),
  };
}

function reportSession({ session: s, consents, extensions, audit, playbackChecks }: ReportInput['sessions'][number]): ReportSession {
  const minutes = s.startedAt && s.endedAt ? Math.round((Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 600) / 100 : null;
  return {
    id: s.id,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    endReason: s.endReason,
    grantedMinutes: s.grantedMinutes,
    durationMinutes: minutes,
    device: s.device ? { summary: deviceSummary(s.device), details: s.device } : null,
    consents: consents.map(({ kind, decision, at, textVersion, textSha256, language, typedName, extensionMinutes }) => ({ kind, decision, at, textVersion, textSha256, language, typedName, extensionMinutes })),
    extensions: extensions.map(({ minutes: m, reason, requestedAt, status, answeredAt }) => ({ minutes: m, reason, requestedAt, status, answeredAt })),
    timeline: audit.filter((e) => TIMELINE[e.action]).map((e) => ({ at: e.at, event: e.action.replace('session.', ''), detail: TIMELINE[e.action]!(e.details) })),
    diagnostics: audit
      .filter((e) => e.action === 'session.diagnostic_run')
      .map((e) => ({ at: e.at, check: String(e.details['check']), status: String(e.details['status']), summary: String(e.details['summary']), automatic: e.details['automatic'] === true })),
    playbackChecks: playbackChecks.map(reportPlaybackCheck),
    actions: audit.filter((e) => ACTIONS.has(e.action)).map((e) => ({ at: e.at, by: e.actor.kind === 'agent' ? (s.agentKind === 'browser' ? 'user’s browser' : 'user’s PC (agent)') : 'engineer', kind: e.action.replace('session.', ''), detail: actionDetail(e) })),
  };
}

/** Assembles the report from the stored record. Pure: same record, same report. */
export function buildReport(input: ReportInput): ReportData {
  const { record: c, request } = input;
  const cause = REPORT_CAUSES.find((x) => x.id === request.cause)!;
  return {
    ref: caseRef(c.id),
    company: input.company,
    engineer: input.engineer,
    submittedAt: input.submittedAt,
    case: {
      receivedAt: c.receivedAt,
      receivedWithinBusinessHours: c.receivedWithinHours,
      firstConsultationDate: c.intake.firstConsultationDate,
      requestingAgent: c.intake.requestingAgent,
      customerName: c.intake.customerName,
      siteUrl: c.intake.siteUrl,
      symptoms: c.intake.symptoms,
      urgent: c.urgent,
      pcSpec: c.intake.pcSpec ?? null,
    },
    sla: input.sla,
    firstLevelChecks: FIRST_LEVEL_CHECKS.map((k) => ({ ref: k.ref, en: k.en, ko: k.ko, done: c.intake.firstLevelChecks[k.key].done, result: c.intake.firstLevelChecks[k.key].result ?? null })),
    sessions: input.sessions.map(reportSession),
    result: {
      cause: cause.id,
      causeLabel: { en: cause.en, ko: cause.ko },
      actions: request.actions,
      outcome: request.outcome,
      outcomeLabel: OUTCOME_LABELS[request.outcome],
      note: request.note ?? null,
    },
  };
}

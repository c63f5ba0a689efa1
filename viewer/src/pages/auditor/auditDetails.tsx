import { z } from 'zod';
import { DiagnosticItem } from '../../../../shared/protocol/diagnosticResults.js';
import { DIAGNOSTIC_CHECKS } from '../../../../shared/protocol/diagnostics.js';
import type { AuditActor, AuditEntry } from '../../../../shared/schemas/audit.js';
import { REPORT_CAUSES } from '../../../../shared/schemas/reports.js';
import { outcomeLabel } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';

type Labeller = (value: string) => string | undefined;
/**
 * The name the server records for the agent before the user typed theirs (server/sessions/deps.ts):
 * a placeholder, not a name, so it is shown as the party it stands for.
 */
const UNNAMED_AGENT = 'end-user agent';
/** Platforms by their own names (the same in every language). */
const PLATFORMS: Record<string, string> = { windows: 'Windows', android: 'Android', ios: 'iOS', linux: 'Linux', macos: 'macOS' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Who did it, in words: a staff member with their role, the user's PC, the server, an address. */
export function useActorName(): (actor: AuditActor) => string {
  const { t } = useI18n();
  return (a) => {
    if (a.kind === 'user') return `${a.name} (${t.roles[a.role] ?? a.role})`;
    if (a.kind === 'agent') return a.name === UNNAMED_AGENT ? (t.terms.parties['agent'] ?? a.name) : t.terms.actors.agent(a.name);
    return a.kind === 'anonymous' ? t.terms.actors.anonymous(a.ip) : t.terms.actors.system;
  };
}

/** What an audit action is called; an action reported from the session (`session.chat`) by its kind. */
export function useActionLabel(): (action: string) => string {
  const { t } = useI18n();
  return (action) => t.terms.auditActions[action] ?? t.terms.actionKinds[action.replace(/^session\./, '')] ?? action;
}

/**
 * How each field's value reads: identifiers (states, reasons, checks, outcomes, languages) become
 * their labels, instants local times with seconds, yes/no words; free text stays as it was typed.
 */
function useValueText(action: string): (key: string, value: unknown) => string {
  const { t, lang, fmt } = useI18n();
  const sessionState: Labeller = (v) => t.live.state[v];
  const byKey: Record<string, Labeller> = {
    decision: (v) => t.terms.decisions[v],
    language: (v) => t.terms.languages[v],
    outcome: (v) => outcomeLabel(v, lang),
    outcomeFrom: (v) => outcomeLabel(v, lang),
    check: (v) => DIAGNOSTIC_CHECKS.find((c) => c.id === v)?.[lang],
    cause: (v) => REPORT_CAUSES.find((c) => c.id === v)?.[lang],
    by: (v) => t.terms.parties[v],
    reportedBy: (v) => t.terms.parties[v],
    via: (v) => t.terms.via[v],
    direction: (v) => t.terms.directions[v],
    role: (v) => t.roles[v],
    platform: (v) => PLATFORMS[v],
    // Case actions name case states; session actions session states.
    ...(action.startsWith('case.') ? { statusFrom: (v: string) => t.status[v], statusTo: (v: string) => t.status[v], currentStatus: (v: string) => t.status[v] } : {}),
    status: (v) => (action.startsWith('session.diagnostic') || action === 'session.playback_check' ? t.terms.diagnosticStatus[v] : sessionState(v)),
    agentKind: (v) => t.terms.parties[v],
    handover: (v) => t.terms.parties[v],
    statusBefore: sessionState,
    // Only a session's end names its reason by a code; other reasons are what someone typed.
    ...(action === 'session.ended' ? { reason: (v: string) => t.terms.sessionEnd[v] } : {}),
    code: (v) => t.errors[v],
  };
  const text = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t.app.yes : t.app.no;
    if (typeof value === 'string') return byKey[key]?.(value) ?? (ISO_INSTANT.test(value) ? fmt.dateTimeSeconds(value) : value);
    if (Array.isArray(value)) return value.map((v) => text(key, v)).join(', ');
    if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${t.terms.auditFields[k] ?? k}: ${text(k, v)}`).join(' · ');
    return typeof value === 'number' ? String(value) : JSON.stringify(value);
  };
  return text;
}

/** The measured items of a diagnostic run, as the agent reported them (text only). */
function Items({ items }: { items: DiagnosticItem[] }) {
  const { t } = useI18n();
  return (
    <ul class="audit-items">
      {items.map((item, i) => (
        <li key={i}>
          {item.label}: {item.value}
          {item.expected ? ` (${item.expected})` : ''} · {t.terms.diagnosticStatus[item.status] ?? item.status}
        </li>
      ))}
    </ul>
  );
}

/** A field's value: measured items as their list (when they parse as such), anything else as text. */
function Value({ name, value, text }: { name: string; value: unknown; text: (key: string, value: unknown) => string }) {
  const items = name === 'items' ? z.array(DiagnosticItem).safeParse(value) : null;
  return items?.success ? <Items items={items.data} /> : <>{text(name, value)}</>;
}

/** An entry's details as a list of labelled fields, in the chosen language. */
export function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const text = useValueText(entry.action);
  const fields = Object.entries(entry.details);
  if (fields.length === 0) return <>—</>;
  return (
    <dl class="audit-details">
      {fields.map(([key, value]) => (
        <div key={key}>
          <dt>{t.terms.auditFields[key] ?? key}</dt>
          <dd>
            <Value name={key} value={value} text={text} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { FieldIssue, FieldIssues } from '../../../shared/errors.js';
import type { SessionView } from '../../../shared/protocol/session.js';
import { CaseOutcome, type CaseView, type SlaView } from '../../../shared/schemas/cases.js';
import { OUTCOME_LABELS } from '../../../shared/schemas/reports.js';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';

let nextId = 0;
/** A stable id for a label/input pair. */
export function useId(prefix: string): string {
  const id = useRef(`${prefix}-${++nextId}`);
  return id.current;
}

/** The problem of one field, in the chosen language (by its code; the server's text otherwise). */
export function useIssueText(): (issue: FieldIssue | undefined) => string | null {
  const { t } = useI18n();
  return (issue) => (issue ? (t.issues[issue.code] ?? issue.message) : null);
}

interface FieldProps {
  label: string;
  issue?: FieldIssue | undefined;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => JSX.Element;
}

/** A labelled form control with its error, linked for screen readers. */
export function Field({ label, issue, children }: FieldProps) {
  const id = useId('f');
  const text = useIssueText()(issue);
  return (
    <div class={`field${text ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(text), 'aria-describedby': text ? `${id}-error` : undefined })}
      {text && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {text}
        </p>
      )}
    </div>
  );
}

/**
 * The error code of a refusal, whichever way it came: the API's (`ApiError`), a socket event's
 * acknowledgement (`error.code`) or a refused handshake (`error.data.code`). Null for anything else.
 */
export function errorCode(error: unknown): string | null {
  if (error instanceof ApiError) return error.code;
  if (typeof error !== 'object' || error === null) return null;
  if ('code' in error && typeof error.code === 'string') return error.code;
  const data = 'data' in error && typeof error.data === 'object' && error.data !== null ? error.data : null;
  return data && 'code' in data && typeof data.code === 'string' ? data.code : null;
}

/** An error from the API or the live channel, explained in the chosen language; field problems are shown at the fields. */
export function ErrorBanner({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = errorCode(error);
  const known = code === 'CASE_NOT_SECOND_LEVEL' ? t.issues['NOT_SECOND_LEVEL'] : code ? t.errors[code] : undefined;
  // An unknown code of our own API still says what the server said; anything else is generic.
  const message = known ?? (error instanceof ApiError ? error.message : t.errors.generic);
  return (
    <div class="banner error" role="alert">
      {message}
    </div>
  );
}

export function fieldsOf(error: unknown): FieldIssues {
  return error instanceof ApiError ? error.fields : {};
}

export function StatusBadge({ status, outcome }: { status: string; outcome?: string | null }) {
  const { t, lang } = useI18n();
  return (
    <span class={`badge status-${status}`}>
      {t.status[status] ?? status}
      {outcome ? ` · ${outcomeLabel(outcome, lang)}` : ''}
    </span>
  );
}

/**
 * A session's state as anyone may read it: how it ended, said neutrally ("ended by the
 * engineer") — the live page alone speaks to the engineer who ran it.
 */
export function SessionState({ session }: { session: Pick<SessionView, 'status' | 'endReason'> }) {
  const { t } = useI18n();
  const ended = session.status === 'ended' && session.endReason ? t.terms.sessionEnd[session.endReason] : undefined;
  return <>{ended ?? t.live.state[session.status] ?? session.status}</>;
}

/** One `<option>` per record, its value the record's id (for company and engineer pickers). */
export function RecordOptions<T extends { id: number }>({ records, label }: { records: readonly T[] | undefined; label: (record: T) => string }) {
  return (
    <>
      {records?.map((r) => (
        <option key={r.id} value={String(r.id)}>
          {label(r)}
        </option>
      ))}
    </>
  );
}

/** The six outcomes as <option>s, labelled in the chosen language. */
export function OutcomeOptions() {
  const { lang } = useI18n();
  return (
    <>
      {CaseOutcome.options.map((o) => (
        <option key={o} value={o}>
          {outcomeLabel(o, lang)}
        </option>
      ))}
    </>
  );
}

export function outcomeLabel(outcome: string, lang: 'ko' | 'en'): string {
  return OUTCOME_LABELS[outcome as keyof typeof OUTCOME_LABELS]?.[lang] ?? outcome;
}

/** The first-contact SLA: time left, overdue (highlighted), or how it ended. */
export function SlaCell({ sla }: { sla: SlaView }) {
  const { t } = useI18n();
  if (sla.state === 'pending') return <span class="sla pending">{`${t.sla.pending} ${t.sla.minutes(sla.remainingMinutes ?? 0)}`}</span>;
  if (sla.state === 'overdue') return <span class="sla overdue">{`${t.sla.overdue} ${t.sla.minutes(-(sla.remainingMinutes ?? 0))}`}</span>;
  return <span class={`sla ${sla.state}`}>{`${t.sla[sla.state]} (${t.sla.minutes(sla.timeToFirstContactMinutes ?? 0)})`}</span>;
}

/** A native modal dialog: focus is kept inside, Esc closes it. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-label={title} onClose={onClose} onCancel={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

export function Loading() {
  return <p aria-busy="true">{useI18n().t.app.loading}</p>;
}

/** A table's header row. */
export function Head({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A case's reference as a link, with its urgent and after-hours marks. */
export function CaseRef({ c }: { c: Pick<CaseView, 'id' | 'ref' | 'urgent' | 'receivedWithinBusinessHours'> }) {
  const { t } = useI18n();
  return (
    <>
      <a href={`/cases/${c.id}`}>{c.ref}</a> {c.urgent && <span class="badge urgent">{t.cases.urgent}</span>}
      {!c.receivedWithinBusinessHours && <span class="badge after-hours">{t.cases.afterHours}</span>}
    </>
  );
}

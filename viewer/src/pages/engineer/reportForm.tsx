import { useState } from 'preact/hooks';
import type { FieldIssues } from '../../../../shared/errors.js';
import { REPORT_CAUSES, ReportRequest } from '../../../../shared/schemas/reports.js';
import { issuesToFields } from '../../../../shared/validation.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, fieldsOf, OutcomeOptions } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The result report (§2): cause, what was done, outcome; a preview of the HTML the customer
 * company will receive, then submit. It is the one way to close a case — with or without a
 * remote session — so every closure is mailed. `fixedOutcome` is set when a session already
 * closed the case (a decline, an unsupported device): then the report only records it.
 */
export function ReportForm({ caseId, fixedOutcome, onSubmitted }: { caseId: number; fixedOutcome: string | null; onSubmitted: () => void }) {
  const { api } = useAuth();
  const { t, lang } = useI18n();
  const [cause, setCause] = useState('unknown');
  const [actions, setActions] = useState('');
  const [outcome, setOutcome] = useState(fixedOutcome ?? 'resolved');
  const [note, setNote] = useState('');
  const [fields, setFields] = useState<FieldIssues>({});
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const body = () => ({ cause, actions, outcome, ...(note ? { note } : {}) });
  const check = () => {
    const parsed = ReportRequest.safeParse(body(), { reportInput: true });
    setFields(parsed.success ? {} : issuesToFields(parsed.error.issues));
    return parsed.success;
  };
  const run = async (what: 'preview' | 'submit') => {
    setError(null);
    if (!check()) return;
    try {
      if (what === 'preview') setPreview((await api.post<{ html: string }>(`/api/cases/${caseId}/reports/preview`, body())).html);
      else {
        await api.post(`/api/cases/${caseId}/reports`, body());
        setDone(true);
        onSubmitted();
      }
    } catch (err) {
      setError(err);
      setFields(fieldsOf(err));
    }
  };
  if (done) return <p class="banner success" role="status">{t.report.submitted}</p>;
  const closes = !fixedOutcome;
  return (
    <section class="report-form" aria-labelledby="report-title">
      <h2 id="report-title">{closes ? t.report.closeTitle : t.report.title}</h2>
      {closes && <p class="hint">{t.casePage.closeHint}</p>}
      <ErrorBanner error={error} />
      <form noValidate onSubmit={(e) => (e.preventDefault(), void run('submit'))}>
        <Field label={t.report.cause} issue={fields['cause']}>
          {(a) => (
            <select {...a} name="cause" value={cause} onChange={(e) => setCause((e.target as HTMLSelectElement).value)}>
              {REPORT_CAUSES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.report.actions} issue={fields['actions']}>
          {(a) => <textarea {...a} name="actions" rows={4} value={actions} onInput={(e) => setActions((e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <Field label={t.report.outcome} issue={fields['outcome']}>
          {(a) => (
            <select {...a} name="outcome" value={outcome} disabled={Boolean(fixedOutcome)} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
              <OutcomeOptions />
            </select>
          )}
        </Field>
        <Field label={t.report.note} issue={fields['note'] ?? fields['reason']}>
          {(a) => <textarea {...a} name="note" rows={2} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <div class="actions">
          <button type="button" onClick={() => void run('preview')}>
            {t.report.preview}
          </button>
          <button type="submit" class="primary">
            {closes ? t.report.submitAndClose : t.report.submit}
          </button>
        </div>
      </form>
      {preview !== null && <iframe class="report-preview" title={t.report.preview} sandbox="" srcdoc={preview} />}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { FieldIssues } from '../../../../shared/errors.js';
import { CaseIntake, FIRST_LEVEL_CHECKS, type CaseView, type FirstLevelCheckKey } from '../../../../shared/schemas/cases.js';
import { issuesToFields } from '../../../../shared/validation.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, fieldsOf, useIssueText } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';

interface Draft {
  firstConsultationDate: string;
  requestingAgent: string;
  customerName: string;
  contactNumber: string;
  reachableHours: string;
  siteUrl: string;
  siteUserId: string;
  sitePassword: string;
  symptoms: string;
  reproduces: '' | 'yes' | 'no';
  pcCpu: string;
  pcRamGb: string;
  pcGpu: string;
  pcOs: string;
  pcWindowsScore: string;
  checks: Record<FirstLevelCheckKey, { done: boolean; result: string }>;
  handOverConsent: boolean;
  urgent: boolean;
}

const DRAFT_KEY = 'remote-assist.request-draft';
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10); // Seoul

function emptyDraft(agent: string): Draft {
  return {
    firstConsultationDate: today(), requestingAgent: agent, customerName: '', contactNumber: '', reachableHours: '', siteUrl: '', siteUserId: '', sitePassword: '',
    symptoms: '', reproduces: '', pcCpu: '', pcRamGb: '', pcGpu: '', pcOs: '', pcWindowsScore: '',
    checks: Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [c.key, { done: false, result: '' }])) as Draft['checks'],
    handOverConsent: false, urgent: false,
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s);
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** The draft as the shared schema expects it: the same validation as the server's. */
function toIntake(d: Draft): Record<string, unknown> {
  const pc = { cpu: opt(d.pcCpu), ramGb: num(d.pcRamGb), gpu: opt(d.pcGpu), os: opt(d.pcOs), windowsScore: num(d.pcWindowsScore) };
  return {
    firstConsultationDate: d.firstConsultationDate,
    requestingAgent: d.requestingAgent,
    customerName: d.customerName,
    contactNumber: d.contactNumber,
    reachableHours: opt(d.reachableHours),
    siteUrl: d.siteUrl,
    siteCredentials: d.siteUserId || d.sitePassword ? { userId: d.siteUserId, password: d.sitePassword } : undefined,
    symptoms: d.symptoms,
    reproducesOnCallCenterPc: d.reproduces === '' ? undefined : d.reproduces === 'yes',
    pcSpec: Object.values(pc).some((v) => v !== undefined) ? pc : undefined,
    firstLevelChecks: Object.fromEntries(Object.entries(d.checks).map(([k, v]) => [k, { done: v.done, result: opt(v.result) }])),
    handOverConsent: d.handOverConsent,
    urgent: d.urgent,
  };
}

/** The record of first-level actions: done or not, and what each found (§1). */
function ChecksFieldset({ checks, fields, onChange }: { checks: Draft['checks']; fields: FieldIssues; onChange: (checks: Draft['checks']) => void }) {
  const { t, lang } = useI18n();
  return (
    <fieldset>
      <legend>{t.request.checks}</legend>
      <table class="checks">
        <tbody>
          {FIRST_LEVEL_CHECKS.map((c) => {
            const path = `firstLevelChecks.${c.key}.result`;
            const value = checks[c.key];
            return (
              <tr key={c.key}>
                <th scope="row">
                  {c.ref} {c[lang]}
                </th>
                <td>
                  <label>
                    <input type="checkbox" name={`firstLevelChecks.${c.key}.done`} checked={value.done} onChange={(e) => onChange({ ...checks, [c.key]: { ...value, done: (e.target as HTMLInputElement).checked } })} /> {t.fields['checkDone']}
                  </label>
                </td>
                <td>
                  <Field label={`${c.ref} ${t.fields['checkResult']}`} issue={fields[path]}>
                    {(a) => <input {...a} name={path} value={value.result} onInput={(e) => onChange({ ...checks, [c.key]: { ...value, result: (e.target as HTMLInputElement).value } })} />}
                  </Field>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

/** The second-level request form (procedure §7 and the §1 record), for call-center staff. */
export function RequestForm() {
  const { api, user } = useAuth();
  const { t, lang } = useI18n();
  const issue = useIssueText();
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    return saved ? (JSON.parse(saved) as Draft) : emptyDraft(user?.displayName ?? '');
  });
  const [fields, setFields] = useState<FieldIssues>({});
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<CaseView | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft)), [draft]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  // Preact's input typings narrow by `type`; one helper serves several kinds of text input.
  const text = (key: keyof Draft, path: string, options: { type?: 'date' | 'tel' | 'url' | 'password' | 'number'; multiline?: boolean; autoComplete?: string } = {}) => (
    <Field label={t.fields[key] ?? key} issue={fields[path]}>
      {(a) =>
        options.multiline ? (
          <textarea {...a} name={path} rows={4} value={draft[key] as string} onInput={(e) => set(key, (e.target as HTMLTextAreaElement).value as never)} />
        ) : (
          <input {...a} name={path} {...({ type: options.type ?? 'text' } as { type: 'text' })} autoComplete={options.autoComplete ?? 'off'} value={draft[key] as string} onInput={(e) => set(key, (e.target as HTMLInputElement).value as never)} />
        )
      }
    </Field>
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSent(null);
    const input = toIntake(draft);
    const checked = CaseIntake.safeParse(input, { reportInput: true });
    if (!checked.success) {
      setFields(issuesToFields(checked.error.issues));
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<CaseView>('/api/cases', input);
      setSent(created);
      setFields({});
      sessionStorage.removeItem(DRAFT_KEY);
      setDraft(emptyDraft(user?.displayName ?? ''));
    } catch (err) {
      setError(err);
      setFields(fieldsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t.request.title}</h1>
      <p>{t.request.intro}</p>
      {sent && (
        <div class="banner success" role="status">
          <p>{t.request.sent(sent.ref)}</p>
          {sent.nextOpeningAt && <p>{t.request.afterHours(formatDateTime(sent.nextOpeningAt, lang))}</p>}
        </div>
      )}
      <ErrorBanner error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate class="request-form">
        <fieldset>
          <legend>{t.request.customer}</legend>
          {text('firstConsultationDate', 'firstConsultationDate', { type: 'date' })}
          {text('requestingAgent', 'requestingAgent')}
          {text('customerName', 'customerName')}
          {text('contactNumber', 'contactNumber', { type: 'tel' })}
          {text('reachableHours', 'reachableHours')}
        </fieldset>
        <fieldset>
          <legend>{t.request.problem}</legend>
          {text('siteUrl', 'siteUrl', { type: 'url' })}
          {text('siteUserId', 'siteCredentials.userId')}
          {text('sitePassword', 'siteCredentials.password', { type: 'password', autoComplete: 'new-password' })}
          {text('symptoms', 'symptoms', { multiline: true })}
          <fieldset class={`radio${fields['reproducesOnCallCenterPc'] ? ' invalid' : ''}`} aria-describedby="reproduces-error">
            <legend>{t.fields['reproducesOnCallCenterPc']}</legend>
            {(['no', 'yes'] as const).map((v) => (
              <label key={v}>
                <input type="radio" name="reproduces" value={v} checked={draft.reproduces === v} onChange={() => set('reproduces', v)} /> {v === 'yes' ? t.app.yes : t.app.no}
              </label>
            ))}
            {fields['reproducesOnCallCenterPc'] && (
              <p class="field-error" id="reproduces-error" role="alert">
                {issue(fields['reproducesOnCallCenterPc'])}
              </p>
            )}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t.request.pc}</legend>
          <div class="grid">
            {text('pcCpu', 'pcSpec.cpu')}
            {text('pcRamGb', 'pcSpec.ramGb', { type: 'number' })}
            {text('pcGpu', 'pcSpec.gpu')}
            {text('pcOs', 'pcSpec.os')}
            {text('pcWindowsScore', 'pcSpec.windowsScore', { type: 'number' })}
          </div>
        </fieldset>
        <ChecksFieldset checks={draft.checks} fields={fields} onChange={(checks) => set('checks', checks)} />
        <div class={`field checkbox${fields['handOverConsent'] ? ' invalid' : ''}`}>
          <label>
            <input type="checkbox" name="handOverConsent" checked={draft.handOverConsent} onChange={(e) => set('handOverConsent', (e.target as HTMLInputElement).checked)} /> {t.fields['handOverConsent']}
          </label>
          {fields['handOverConsent'] && (
            <p class="field-error" role="alert">
              {issue(fields['handOverConsent'])}
            </p>
          )}
        </div>
        <div class="field checkbox">
          <label>
            <input type="checkbox" name="urgent" checked={draft.urgent} onChange={(e) => set('urgent', (e.target as HTMLInputElement).checked)} /> {t.fields['urgent']}
          </label>
        </div>
        <p class="hint">{t.request.draftKept}</p>
        <button type="submit" class="primary" disabled={busy}>
          {t.request.submit}
        </button>
      </form>
    </section>
  );
}

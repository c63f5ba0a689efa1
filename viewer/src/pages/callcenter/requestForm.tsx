import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldIssues } from '../../../../shared/errors.js';
import { CaseIntake, FIRST_LEVEL_CHECKS, type CaseView, type FirstLevelCheckKey } from '../../../../shared/schemas/cases.js';
import { issuesToFields } from '../../../../shared/validation.js';
import { useAuth } from '../../auth.js';
import { firstInvalidControl, ProblemSummary } from '../../components/problemSummary.js';
import { ErrorBanner, Field, fieldsOf, useIssueText } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';

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

/**
 * What is kept in this tab's sessionStorage while the form is filled in: everything but the site
 * password, which stays in memory only (a draft is readable by any script of the page and
 * outlives the form); a flag says one was typed, so the user is asked to type it again.
 */
type StoredDraft = Omit<Draft, 'sitePassword'> & { sitePasswordTyped: boolean };

function saveDraft(draft: Draft): void {
  const { sitePassword, ...kept } = draft;
  sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ ...kept, sitePasswordTyped: sitePassword !== '' } satisfies StoredDraft));
}

function loadDraft(empty: Draft): { draft: Draft; retypePassword: boolean } {
  const saved = sessionStorage.getItem(DRAFT_KEY);
  if (!saved) return { draft: empty, retypePassword: false };
  const { sitePasswordTyped, ...kept } = JSON.parse(saved) as StoredDraft;
  return { draft: { ...empty, ...kept, sitePassword: '' }, retypePassword: sitePasswordTyped };
}

function emptyDraft(agent: string, today: string): Draft {
  return {
    firstConsultationDate: today, requestingAgent: agent, customerName: '', contactNumber: '', reachableHours: '', siteUrl: '', siteUserId: '', sitePassword: '',
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

/** The label a field's problem is listed under, for the summary by the submit button. */
function useFieldLabel(): (path: string) => string {
  const { t, lang } = useI18n();
  const byPath: Record<string, string | undefined> = {
    'siteCredentials.userId': t.fields['siteUserId'],
    'siteCredentials.password': t.fields['sitePassword'],
    'pcSpec.cpu': t.fields['pcCpu'],
    'pcSpec.ramGb': t.fields['pcRamGb'],
    'pcSpec.gpu': t.fields['pcGpu'],
    'pcSpec.os': t.fields['pcOs'],
    'pcSpec.windowsScore': t.fields['pcWindowsScore'],
    ...Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [`firstLevelChecks.${c.key}.result`, `${c.ref} ${c[lang]}`])),
  };
  return (path) => byPath[path] ?? t.fields[path] ?? path;
}

/** The control a field path names (the radio group's first button for the yes/no question). */
const controlOf = (form: HTMLFormElement, path: string) =>
  form.querySelector<HTMLElement>(path === 'reproducesOnCallCenterPc' ? 'input[name="reproduces"]' : `[name="${CSS.escape(path)}"]`);

/** The second-level request form (procedure §7 and the §1 record), for call-center staff. */
export function RequestForm() {
  const { api, user } = useAuth();
  const { t, fmt } = useI18n();
  const issue = useIssueText();
  const labelOf = useFieldLabel();
  const empty = () => emptyDraft(user?.displayName ?? '', fmt.day(Date.now()));
  const [initial] = useState(() => loadDraft(empty()));
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [retypePassword, setRetypePassword] = useState(initial.retypePassword);
  const [fields, setFields] = useState<FieldIssues>({});
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<CaseView | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => saveDraft(draft), [draft]);
  // After a refusal the focus goes to the first field to correct (once the errors are shown).
  useEffect(() => {
    if (refusals > 0 && form.current) firstInvalidControl(form.current)?.focus();
  }, [refusals]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    if (key === 'sitePassword') setRetypePassword(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const refuse = (problems: FieldIssues) => {
    setFields(problems);
    if (Object.keys(problems).length > 0) setRefusals((n) => n + 1);
  };
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
    if (!checked.success) return refuse(issuesToFields(checked.error.issues));
    setBusy(true);
    try {
      const created = await api.post<CaseView>('/api/cases', input);
      setSent(created);
      setFields({});
      setDraft(empty());
    } catch (err) {
      setError(err);
      refuse(fieldsOf(err));
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
          {sent.nextOpeningAt && <p>{t.request.afterHours(fmt.dateTime(sent.nextOpeningAt))}</p>}
        </div>
      )}
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate class="request-form">
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
          {retypePassword && (
            <p class="banner info" role="status" data-testid="retype-password">
              {t.request.retypePassword}
            </p>
          )}
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
        <ErrorBanner error={Object.keys(fields).length > 0 ? null : error} />
        <ProblemSummary
          title={t.request.problems(Object.keys(fields).length)}
          fields={fields}
          labelOf={labelOf}
          onPick={(path) => form.current && controlOf(form.current, path)?.focus()}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t.request.submit}
        </button>
      </form>
    </section>
  );
}

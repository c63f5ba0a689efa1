import { useState } from 'preact/hooks';
import type { SessionListItem } from '../../../../shared/protocol/session.js';
import type { ChainVerification } from '../../../../shared/schemas/audit.js';
import type { CaseView } from '../../../../shared/schemas/cases.js';
import type { CompanyView } from '../../../../shared/schemas/companies.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, Head, Loading, outcomeLabel, OutcomeOptions, RecordOptions, SessionState, StatusBadge } from '../../components/ui.js';
import type { DateFormats } from '../../i18n/dates.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

interface Filters {
  from: string;
  to: string;
  companyId: string;
  engineerId: string;
  outcome: string;
}

/** The filters as the API's query; the dates are calendar days of the HelpDesk, `to` included. */
function query(f: Filters, engineerKey: string, fmt: DateFormats): string {
  const q = new URLSearchParams({ limit: '200' });
  if (f.from) q.set('from', fmt.dayStart(f.from));
  if (f.to) q.set('to', fmt.dayAfter(f.to));
  if (f.companyId) q.set('companyId', f.companyId);
  if (f.engineerId) q.set(engineerKey, f.engineerId);
  if (f.outcome) q.set('outcome', f.outcome);
  return q.toString();
}

function Chain() {
  const { api } = useAuth();
  const { t } = useI18n();
  const { value, error, loading, reload } = useAsync(() => api.get<ChainVerification>('/api/audit/verify'), []);
  return (
    <section aria-labelledby="chain">
      <h2 id="chain">{t.audit.chain}</h2>
      <ErrorBanner error={error} />
      {loading && <Loading />}
      {value && (
        <p class={`banner ${value.ok ? 'success' : 'error'}`} role="status" data-testid="chain-status">
          {value.ok ? t.audit.verified(value.checkedEntries) : t.audit.broken(value.firstBrokenSeq ?? 0, value.problem ?? '')}
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={reload}>
          {t.audit.verify}
        </button>
        <button type="button" onClick={() => void api.download('/api/audit/export?format=jsonl', 'audit-log.jsonl')}>
          {t.audit.exportJsonl}
        </button>
        <button type="button" onClick={() => void api.download('/api/audit/export?format=csv', 'audit-log.csv')}>
          {t.audit.exportCsv}
        </button>
      </div>
    </section>
  );
}

/** The auditors' console: cases and sessions with filters, the chain's state, exports. */
export function AuditPage() {
  const { api } = useAuth();
  const { t, lang, fmt } = useI18n();
  const [filters, setFilters] = useState<Filters>({ from: '', to: '', companyId: '', engineerId: '', outcome: '' });
  const [applied, setApplied] = useState(filters);
  const people = useAsync(async () => {
    const companies = await api.get<CompanyView[]>('/api/companies');
    const sessions = await api.get<SessionListItem[]>('/api/sessions?limit=500');
    const engineers = [...new Map(sessions.map((s) => [s.engineer.id, s.engineer])).values()];
    return { companies, engineers };
  }, []);
  const data = useAsync(async () => ({
    cases: await api.get<CaseView[]>(`/api/cases?${query(applied, 'assigneeId', fmt)}`),
    sessions: await api.get<SessionListItem[]>(`/api/sessions?${query(applied, 'engineerId', fmt)}`),
  }), [applied]);
  const set = (k: keyof Filters) => (e: Event) => setFilters((f) => ({ ...f, [k]: (e.target as HTMLInputElement).value }));
  return (
    <section>
      <h1>{t.audit.title}</h1>
      <Chain />
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(filters))}>
        <Field label={t.audit.from}>{(a) => <input {...a} type="date" value={filters.from} onInput={set('from')} />}</Field>
        <Field label={t.audit.to}>{(a) => <input {...a} type="date" value={filters.to} onInput={set('to')} />}</Field>
        <Field label={t.audit.company}>
          {(a) => (
            <select {...a} value={filters.companyId} onChange={set('companyId')}>
              <option value="">{t.app.all}</option>
              <RecordOptions records={people.value?.companies} label={(c) => c.name} />
            </select>
          )}
        </Field>
        <Field label={t.audit.engineer}>
          {(a) => (
            <select {...a} value={filters.engineerId} onChange={set('engineerId')}>
              <option value="">{t.app.all}</option>
              <RecordOptions records={people.value?.engineers} label={(e) => e.displayName} />
            </select>
          )}
        </Field>
        <Field label={t.audit.outcome}>
          {(a) => (
            <select {...a} value={filters.outcome} onChange={set('outcome')}>
              <option value="">{t.app.all}</option>
              <OutcomeOptions />
            </select>
          )}
        </Field>
        <button type="submit">{t.app.search}</button>
      </form>
      <ErrorBanner error={data.error} />
      {data.loading && !data.value && <Loading />}
      {data.value && (
        <>
          <h2>{t.audit.sessions}</h2>
          <table class="sessions">
            <Head columns={[t.cases.ref, t.audit.company, t.audit.engineer, t.cases.received, t.cases.status, t.audit.outcome, '']} />
            <tbody>
              {data.value.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={`/cases/${s.caseId}`}>{s.caseRef}</a>
                  </td>
                  <td>{s.company.name}</td>
                  <td>{s.engineer.displayName}</td>
                  <td>{fmt.dateTime(s.createdAt)}</td>
                  <td>
                    <SessionState session={s} />
                  </td>
                  <td>{s.caseOutcome ? outcomeLabel(s.caseOutcome, lang) : '—'}</td>
                  <td>
                    <a href={`/audit/sessions/${s.id}`}>{t.audit.openTimeline}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t.audit.cases}</h2>
          <table class="cases">
            <Head columns={[t.cases.ref, t.audit.company, t.cases.received, t.cases.status, t.cases.assignee]} />
            <tbody>
              {data.value.cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/cases/${c.id}`}>{c.ref}</a>
                  </td>
                  <td>{c.company.name}</td>
                  <td>{fmt.dateTime(c.receivedAt)}</td>
                  <td>
                    <StatusBadge status={c.status} outcome={c.outcome} />
                  </td>
                  <td>{c.assignee?.displayName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

import { useAuth } from '../../auth.js';
import { CaseRef, ErrorBanner, Head, Loading, SlaCell, StatusBadge } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';
import type { CaseView } from '../../../../shared/schemas/cases.js';

/** Cases with their status and outcome: a call center sees its own company's; engineers all. */
export function CaseList() {
  const { api, user } = useAuth();
  const { t, fmt } = useI18n();
  const ownCompany = user?.role === 'callcenter';
  const { value, error, loading } = useAsync(() => api.get<CaseView[]>('/api/cases?limit=200'), []);
  return (
    <section>
      <h1>{ownCompany ? t.nav.ourCases : t.cases.title}</h1>
      <ErrorBanner error={error} />
      {loading && !value && <Loading />}
      {value && value.length === 0 && <p>{t.cases.noCases}</p>}
      {value && value.length > 0 && (
        <table class="cases">
          <Head columns={[t.cases.ref, ...(ownCompany ? [] : [t.cases.company]), t.cases.customer, t.cases.received, t.cases.status, t.cases.sla, t.cases.assignee]} />
          <tbody>
            {value.map((c) => (
              <tr key={c.id}>
                <td>
                  <CaseRef c={c} />
                </td>
                {!ownCompany && <td>{c.company.name}</td>}
                <td>{c.customerName}</td>
                <td>{fmt.dateTime(c.receivedAt)}</td>
                <td>
                  <StatusBadge status={c.status} outcome={c.outcome} />
                </td>
                <td>
                  <SlaCell sla={c.sla} />
                </td>
                <td>{c.assignee?.displayName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

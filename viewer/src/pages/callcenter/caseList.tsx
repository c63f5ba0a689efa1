import { useAuth } from '../../auth.js';
import { ErrorBanner, Loading, SlaCell, StatusBadge } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';
import type { CaseView } from '../../../../shared/schemas/cases.js';

/** Cases with their status and outcome: a call center sees its own company's; engineers all. */
export function CaseList() {
  const { api, user } = useAuth();
  const { t, lang } = useI18n();
  const { value, error, loading } = useAsync(() => api.get<CaseView[]>('/api/cases?limit=200'), []);
  return (
    <section>
      <h1>{user?.role === 'callcenter' ? t.nav.ourCases : t.cases.title}</h1>
      <ErrorBanner error={error} />
      {loading && !value && <Loading />}
      {value && value.length === 0 && <p>{t.cases.noCases}</p>}
      {value && value.length > 0 && (
        <table class="cases">
          <thead>
            <tr>
              <th scope="col">{t.cases.ref}</th>
              {user?.role !== 'callcenter' && <th scope="col">{t.cases.company}</th>}
              <th scope="col">{t.cases.customer}</th>
              <th scope="col">{t.cases.received}</th>
              <th scope="col">{t.cases.status}</th>
              <th scope="col">{t.cases.sla}</th>
              <th scope="col">{t.cases.assignee}</th>
            </tr>
          </thead>
          <tbody>
            {value.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`/cases/${c.id}`}>{c.ref}</a> {c.urgent && <span class="badge urgent">{t.cases.urgent}</span>}
                </td>
                {user?.role !== 'callcenter' && <td>{c.company.name}</td>}
                <td>{c.customerName}</td>
                <td>{formatDateTime(c.receivedAt, lang)}</td>
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

import { useState } from 'preact/hooks';
import type { OutboxEntryView } from '../../../../shared/schemas/outbox.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Head, Loading } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

/** Report and statistics mails and whether they went out. */
export function Outbox() {
  const { api } = useAuth();
  const { t, fmt } = useI18n();
  const list = useAsync(() => api.get<OutboxEntryView[]>('/api/outbox'), []);
  const [error, setError] = useState<unknown>(null);
  const retry = async (id: number) => {
    setError(null);
    try {
      await api.post(`/api/outbox/${id}/retry`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h1>{t.admin.outbox}</h1>
      <button type="button" onClick={list.reload}>
        {t.app.refresh}
      </button>
      <ErrorBanner error={list.error ?? error} />
      {list.loading && !list.value && <Loading />}
      <table>
        <Head columns={[t.admin.kind, t.admin.recipient, t.admin.subject, t.admin.status, t.admin.attempts, t.admin.lastError, '']} />
        <tbody>
          {list.value?.map((m) => (
            <tr key={m.id} class={m.status}>
              <td>{t.terms.mailKinds[m.kind] ?? m.kind}</td>
              <td>{m.recipient}</td>
              <td>{m.subject}</td>
              <td>
                {t.report.mail[m.status]} {m.deliveredAt ? `· ${fmt.dateTime(m.deliveredAt)}` : ''}
              </td>
              <td>{m.attempts}</td>
              <td>{m.lastError ?? '—'}</td>
              <td>
                {m.status === 'pending' && (
                  <button type="button" onClick={() => void retry(m.id)}>
                    {t.admin.retryNow}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { QueueEntry } from '../../../../shared/schemas/cases.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Loading, StatusBadge } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

/** The SLA countdown, ticking in the browser from the due time. */
function Countdown({ entry, now }: { entry: QueueEntry; now: number }) {
  const { t } = useI18n();
  if (entry.sla.firstContactAt) return <span class={`sla ${entry.sla.state}`}>{t.sla[entry.sla.state]}</span>;
  const minutes = Math.round((Date.parse(entry.sla.dueAt) - now) / 60_000);
  return minutes >= 0 ? <span class="sla pending">{`${t.sla.pending} ${t.sla.minutes(minutes)}`}</span> : <span class="sla overdue">{`${t.sla.overdue} ${t.sla.minutes(-minutes)}`}</span>;
}

/** Open cases, urgent first, then in the order received (§4), with the first-contact clock. */
export function Queue() {
  const { api, user } = useAuth();
  const { t, lang } = useI18n();
  const { value, error, loading, reload } = useAsync(() => api.get<QueueEntry[]>('/api/queue'), []);
  const [now, setNow] = useState(Date.now());
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const assign = async (id: number) => {
    setActionError(null);
    try {
      await api.post(`/api/cases/${id}/assign`);
      reload();
    } catch (err) {
      setActionError(err);
    }
  };
  return (
    <section>
      <h1>{t.queue.title}</h1>
      <ErrorBanner error={error ?? actionError} />
      {loading && !value && <Loading />}
      {value && value.length === 0 && <p>{t.queue.empty}</p>}
      {value && value.length > 0 && (
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{t.queue.position}</th>
              <th scope="col">{t.cases.ref}</th>
              <th scope="col">{t.cases.company}</th>
              <th scope="col">{t.cases.customer}</th>
              <th scope="col">{t.cases.received}</th>
              <th scope="col">{t.cases.status}</th>
              <th scope="col">{t.cases.sla}</th>
              <th scope="col">{t.cases.assignee}</th>
            </tr>
          </thead>
          <tbody>
            {value.map((c) => {
              const overdue = !c.sla.firstContactAt && Date.parse(c.sla.dueAt) < now;
              return (
                <tr key={c.id} class={overdue ? 'overdue' : undefined} data-case-id={c.id}>
                  <td>{c.queuePosition}</td>
                  <td>
                    <a href={`/cases/${c.id}`}>{c.ref}</a> {c.urgent && <span class="badge urgent">{t.cases.urgent}</span>}
                    {!c.receivedWithinBusinessHours && <span class="badge after-hours">{t.cases.afterHours}</span>}
                  </td>
                  <td>{c.company.name}</td>
                  <td>{c.customerName}</td>
                  <td>{formatDateTime(c.receivedAt, lang)}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    <Countdown entry={c} now={now} />
                    {overdue && <span class="visually-hidden"> {t.queue.overdue}</span>}
                  </td>
                  <td>
                    {c.assignee ? (
                      c.assignee.displayName
                    ) : user?.role === 'engineer' ? (
                      <button type="button" onClick={() => void assign(c.id)}>
                        {t.queue.assignToMe}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

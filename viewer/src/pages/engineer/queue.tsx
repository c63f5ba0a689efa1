import { useEffect, useState } from 'preact/hooks';
import type { QueueEntry } from '../../../../shared/schemas/cases.js';
import { useAuth } from '../../auth.js';
import { CaseRef, ErrorBanner, Head, Loading, StatusBadge } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
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
  const { t, fmt } = useI18n();
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
          <Head columns={[t.queue.position, t.cases.ref, t.cases.company, t.cases.customer, t.cases.received, t.cases.status, t.cases.sla, t.cases.assignee]} />
          <tbody>
            {value.map((c) => {
              const overdue = !c.sla.firstContactAt && Date.parse(c.sla.dueAt) < now;
              return (
                <tr key={c.id} class={overdue ? 'overdue' : undefined} data-case-id={c.id}>
                  <td>{c.queuePosition}</td>
                  <td>
                    <CaseRef c={c} />
                  </td>
                  <td>{c.company.name}</td>
                  <td>{c.customerName}</td>
                  <td>{fmt.dateTime(c.receivedAt)}</td>
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

import { useState } from 'preact/hooks';
import type { ClosureDay } from '../../../../shared/schemas/closures.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, fieldsOf, Head, Loading } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

/** Days the HelpDesk is closed besides Sundays and public holidays (election days, office moves). */
export function Closures() {
  const { api } = useAuth();
  const { t } = useI18n();
  const list = useAsync(() => api.get<ClosureDay[]>('/api/calendar/closures'), []);
  const [form, setForm] = useState({ date: '', reason: '' });
  const [error, setError] = useState<unknown>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h1>{t.admin.closures}</h1>
      <ErrorBanner error={list.error ?? error} />
      {list.loading && !list.value && <Loading />}
      <table>
        <Head columns={[t.admin.date, t.admin.reason, '']} />
        <tbody>
          {list.value?.map((c) => (
            <tr key={c.date}>
              <td>{c.date}</td>
              <td>{c.reason}</td>
              <td>
                <button type="button" onClick={() => void act(() => api.del(`/api/calendar/closures/${c.date}`))}>
                  {t.admin.remove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline" onSubmit={(e) => (e.preventDefault(), void act(async () => (await api.post('/api/calendar/closures', form), setForm({ date: '', reason: '' }))))}>
        <Field label={t.admin.date} issue={fieldsOf(error)['date']}>{(a) => <input {...a} name="date" type="date" required value={form.date} onInput={(e) => setForm({ ...form, date: (e.target as HTMLInputElement).value })} />}</Field>
        <Field label={t.admin.reason} issue={fieldsOf(error)['reason']}>{(a) => <input {...a} name="reason" required value={form.reason} onInput={(e) => setForm({ ...form, reason: (e.target as HTMLInputElement).value })} />}</Field>
        <button type="submit" class="primary">
          {t.admin.addClosure}
        </button>
      </form>
    </section>
  );
}

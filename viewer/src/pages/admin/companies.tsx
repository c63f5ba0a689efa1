import { useState } from 'preact/hooks';
import type { FieldIssues } from '../../../../shared/errors.js';
import { CreateCompanyRequest, type CompanyView } from '../../../../shared/schemas/companies.js';
import { issuesToFields } from '../../../../shared/validation.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, fieldsOf, Head, Loading } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

function CompanyRow({ c, onChange }: { c: CompanyView; onChange: () => void }) {
  const { api } = useAuth();
  const { t } = useI18n();
  const [email, setEmail] = useState(c.reportEmail);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setError(null);
    try {
      await api.patch(`/api/companies/${c.id}`, { reportEmail: email });
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <tr>
      <td>{c.name}</td>
      <td>
        <input aria-label={`${c.name} ${t.admin.reportEmail}`} type="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        <ErrorBanner error={error} />
      </td>
      <td>
        <button type="button" onClick={() => void save()} disabled={email === c.reportEmail}>
          {t.app.save}
        </button>
      </td>
    </tr>
  );
}

/** Customer companies and where their reports are mailed. */
export function Companies() {
  const { api } = useAuth();
  const { t } = useI18n();
  const list = useAsync(() => api.get<CompanyView[]>('/api/companies'), []);
  const [form, setForm] = useState({ name: '', reportEmail: '' });
  const [fields, setFields] = useState<FieldIssues>({});
  const [error, setError] = useState<unknown>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    const parsed = CreateCompanyRequest.safeParse(form, { reportInput: true });
    if (!parsed.success) return setFields(issuesToFields(parsed.error.issues));
    try {
      await api.post('/api/companies', form);
      setForm({ name: '', reportEmail: '' });
      setFields({});
      setError(null);
      list.reload();
    } catch (err) {
      setError(err);
      setFields(fieldsOf(err));
    }
  };
  return (
    <section>
      <h1>{t.admin.companies}</h1>
      <ErrorBanner error={list.error} />
      {list.loading && !list.value && <Loading />}
      <table>
        <Head columns={[t.admin.name, t.admin.reportEmail, '']} />
        <tbody>{list.value?.map((c) => <CompanyRow key={`${c.id}-${c.reportEmail}`} c={c} onChange={list.reload} />)}</tbody>
      </table>
      <h2>{t.admin.addCompany}</h2>
      <ErrorBanner error={error} />
      <form class="inline" noValidate onSubmit={(e) => void add(e)}>
        <Field label={t.admin.name} issue={fields['name']}>{(a) => <input {...a} name="name" value={form.name} onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })} />}</Field>
        <Field label={t.admin.reportEmail} issue={fields['reportEmail']}>{(a) => <input {...a} name="reportEmail" type="email" value={form.reportEmail} onInput={(e) => setForm({ ...form, reportEmail: (e.target as HTMLInputElement).value })} />}</Field>
        <button type="submit" class="primary">
          {t.admin.addCompany}
        </button>
      </form>
    </section>
  );
}

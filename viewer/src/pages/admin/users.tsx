import { useState } from 'preact/hooks';
import type { FieldIssues } from '../../../../shared/errors.js';
import { CreateUserRequest, Role, type UserView } from '../../../../shared/schemas/auth.js';
import type { CompanyView } from '../../../../shared/schemas/companies.js';
import { issuesToFields } from '../../../../shared/validation.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Field, fieldsOf, Head, Loading, RecordOptions } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

const EMPTY = { username: '', displayName: '', role: 'engineer', companyId: '', password: '' };

/** Staff accounts: create, change role or company, reset a password, disable (never delete). */
export function Users() {
  const { api } = useAuth();
  const { t } = useI18n();
  const data = useAsync(async () => ({ users: await api.get<UserView[]>('/api/users'), companies: await api.get<CompanyView[]>('/api/companies') }), []);
  const [form, setForm] = useState(EMPTY);
  const [fields, setFields] = useState<FieldIssues>({});
  const [error, setError] = useState<unknown>(null);
  const body = () => ({ ...form, companyId: form.role === 'callcenter' && form.companyId ? Number(form.companyId) : null });
  const add = async (e: Event) => {
    e.preventDefault();
    const parsed = CreateUserRequest.safeParse(body(), { reportInput: true });
    if (!parsed.success) return setFields(issuesToFields(parsed.error.issues));
    try {
      await api.post('/api/users', body());
      setForm(EMPTY);
      setFields({});
      setError(null);
      data.reload();
    } catch (err) {
      setError(err);
      setFields(fieldsOf(err));
    }
  };
  const update = async (id: number, patch: Record<string, unknown>) => {
    setError(null);
    try {
      await api.patch(`/api/users/${id}`, patch);
      data.reload();
    } catch (err) {
      setError(err);
    }
  };
  const companyName = (id: number | null) => data.value?.companies.find((c) => c.id === id)?.name ?? '—';
  return (
    <section>
      <h1>{t.admin.users}</h1>
      <ErrorBanner error={data.error ?? error} />
      {data.loading && !data.value && <Loading />}
      <table>
        <Head columns={[t.admin.username, t.admin.displayName, t.admin.role, t.admin.company, t.admin.disabled, '']} />
        <tbody>
          {data.value?.users.map((u) => (
            <tr key={u.id} class={u.disabled ? 'disabled' : undefined}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{t.roles[u.role]}</td>
              <td>{companyName(u.companyId)}</td>
              <td>{u.disabled ? t.app.yes : t.app.no}</td>
              <td>
                <button type="button" onClick={() => void update(u.id, { disabled: !u.disabled })}>
                  {u.disabled ? t.admin.enable : t.admin.disable}
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    const password = prompt(t.admin.newPassword);
                    if (password) void update(u.id, { password });
                  }}
                >
                  {t.admin.newPassword}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.admin.addUser}</h2>
      <form class="grid" noValidate onSubmit={(e) => void add(e)}>
        <Field label={t.admin.username} issue={fields['username']}>{(a) => <input {...a} name="username" value={form.username} onInput={(e) => setForm({ ...form, username: (e.target as HTMLInputElement).value })} />}</Field>
        <Field label={t.admin.displayName} issue={fields['displayName']}>{(a) => <input {...a} name="displayName" value={form.displayName} onInput={(e) => setForm({ ...form, displayName: (e.target as HTMLInputElement).value })} />}</Field>
        <Field label={t.admin.role} issue={fields['role']}>
          {(a) => (
            <select {...a} name="role" value={form.role} onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value })}>
              {Role.options.map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.role === 'callcenter' && (
          <Field label={t.admin.company} issue={fields['companyId']}>
            {(a) => (
              <select {...a} name="companyId" value={form.companyId} onChange={(e) => setForm({ ...form, companyId: (e.target as HTMLSelectElement).value })}>
                <option value="">—</option>
                <RecordOptions records={data.value?.companies} label={(c) => c.name} />
              </select>
            )}
          </Field>
        )}
        <Field label={t.admin.password} issue={fields['password']}>{(a) => <input {...a} name="password" type="password" autoComplete="new-password" value={form.password} onInput={(e) => setForm({ ...form, password: (e.target as HTMLInputElement).value })} />}</Field>
        <button type="submit" class="primary">
          {t.admin.addUser}
        </button>
      </form>
    </section>
  );
}

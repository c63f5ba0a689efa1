import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { LanguageSwitch } from '../components/layout.js';
import { Field } from '../components/ui.js';
import { useI18n } from '../i18n/index.js';

/** The login form; with `fixedUsername` it re-opens an expired session of the same user. */
export function LoginForm({ fixedUsername }: { fixedUsername?: string }) {
  const { login } = useAuth();
  const { t } = useI18n();
  const [username, setUsername] = useState(fixedUsername ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      setPassword('');
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'RATE_LIMITED' ? t.login.limited : t.login.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" onSubmit={(e) => void submit(e)}>
      <Field label={t.login.username}>{(a) => <input {...a} name="username" autoComplete="username" required value={username} readOnly={Boolean(fixedUsername)} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />}</Field>
      <Field label={t.login.password}>{(a) => <input {...a} name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />}</Field>
      {error && (
        <p class="banner error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t.login.submit}
      </button>
    </form>
  );
}

export function LoginPage() {
  const { t } = useI18n();
  return (
    <main id="main" class="login-page">
      <div class="login-card">
        <div class="login-head">
          <h1>{t.app.name}</h1>
          <LanguageSwitch />
        </div>
        <h2>{t.login.title}</h2>
        <LoginForm />
        {/* target=_top: a full page load (the router leaves it alone): /download and /join are served by the server, not the app. */}
        <p class="login-download">
          <a href="/download" target="_top">
            {t.login.download}
          </a>
        </p>
        <p class="login-download">
          <a href="/join" target="_top">
            {t.login.join}
          </a>
        </p>
      </div>
    </main>
  );
}

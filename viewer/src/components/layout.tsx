import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import type { Role } from '../../../shared/schemas/auth.js';
import { useAuth } from '../auth.js';
import { type Language, useI18n } from '../i18n/index.js';

type NavKey = 'newRequest' | 'upload' | 'ourCases' | 'queue' | 'cases' | 'audit' | 'statistics' | 'companies' | 'users' | 'closures' | 'outbox';
const NAV: Record<Role, Array<[NavKey, string]>> = {
  callcenter: [['newRequest', '/requests/new'], ['upload', '/requests/upload'], ['ourCases', '/cases'], ['statistics', '/statistics']],
  engineer: [['queue', '/queue'], ['cases', '/cases'], ['statistics', '/statistics']],
  auditor: [['audit', '/audit'], ['statistics', '/statistics']],
  admin: [['companies', '/admin/companies'], ['users', '/admin/users'], ['closures', '/admin/closures'], ['outbox', '/admin/outbox'], ['queue', '/queue'], ['audit', '/audit'], ['statistics', '/statistics']],
};

export function LanguageSwitch() {
  const i18n = useI18n();
  const { lang, t } = i18n;
  return (
    <label class="language">
      <span class="visually-hidden">{t.app.language}</span>
      <select value={lang} onChange={(e) => i18n.setLang((e.target as HTMLSelectElement).value as Language)} aria-label={t.app.language}>
        <option value="ko">한국어</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

/** The frame of every page: navigation for the user's role, language, who is logged in. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const { path } = useLocation();
  if (!user) return null;
  return (
    <>
      <a class="skip" href="#main">
        {t.app.skip}
      </a>
      <header class="top">
        <a class="brand" href="/">
          {t.app.name}
        </a>
        <nav aria-label={t.nav.label}>
          {NAV[user.role].map(([key, href]) => (
            <a key={href} href={href} aria-current={path === href || (href !== '/' && path.startsWith(`${href}/`)) ? 'page' : undefined}>
              {t.nav[key]}
            </a>
          ))}
        </nav>
        <div class="who">
          <span>
            {user.displayName} · {t.roles[user.role]}
          </span>
          <LanguageSwitch />
          <button type="button" onClick={logout}>
            {t.app.logout}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../shared/schemas/auth.js';
import type { BusinessHoursStatus } from '../../shared/schemas/closures.js';
import { AuthProvider, useAuth } from './auth.js';
import { Layout } from './components/layout.js';
import { I18nProvider } from './i18n/index.js';
import { LoginForm, LoginPage } from './pages/login.js';
import { Companies } from './pages/admin/companies.js';
import { Closures } from './pages/admin/closures.js';
import { Outbox } from './pages/admin/outbox.js';
import { Users } from './pages/admin/users.js';
import { AuditPage } from './pages/auditor/audit.js';
import { SessionTimeline } from './pages/auditor/timeline.js';
import { Statistics } from './pages/auditor/statistics.js';
import { CaseList } from './pages/callcenter/caseList.js';
import { RequestForm } from './pages/callcenter/requestForm.js';
import { Upload } from './pages/callcenter/upload.js';
import { CasePage } from './pages/engineer/casePage.js';
import { LiveSession } from './pages/engineer/liveSession.js';
import { Queue } from './pages/engineer/queue.js';
import { Dialog, Loading } from './components/ui.js';
import { useI18n } from './i18n/index.js';

/** Where each role starts. */
const HOME: Record<Role, string> = { callcenter: '/cases', engineer: '/queue', auditor: '/audit', admin: '/admin/companies' };

function Home() {
  const { user } = useAuth();
  const { route } = useLocation();
  useEffect(() => route(HOME[user!.role], true), [user, route]);
  return null;
}

/** A page only some roles may open; others are sent home. */
function only(roles: Role[], Page: () => preact.JSX.Element) {
  return function Guarded() {
    const { user } = useAuth();
    const { route } = useLocation();
    const allowed = user && roles.includes(user.role);
    useEffect(() => {
      if (user && !allowed) route(HOME[user.role], true);
    }, [user, allowed, route]);
    return allowed ? <Page /> : null;
  };
}

function Routes() {
  return (
    <Router>
      <Route path="/" component={Home} />
      <Route path="/requests/new" component={only(['callcenter'], RequestForm)} />
      <Route path="/requests/upload" component={only(['callcenter'], Upload)} />
      <Route path="/cases" component={only(['callcenter', 'engineer', 'admin'], CaseList)} />
      <Route path="/cases/:id" component={only(['callcenter', 'engineer', 'admin', 'auditor'], CasePage)} />
      <Route path="/queue" component={only(['engineer', 'admin'], Queue)} />
      <Route path="/sessions/:id" component={only(['engineer', 'admin'], LiveSession)} />
      <Route path="/audit" component={only(['auditor', 'admin'], AuditPage)} />
      <Route path="/audit/sessions/:id" component={only(['auditor', 'admin'], SessionTimeline)} />
      <Route path="/statistics" component={only(['auditor', 'admin', 'engineer', 'callcenter'], Statistics)} />
      <Route path="/admin/companies" component={only(['admin'], Companies)} />
      <Route path="/admin/users" component={only(['admin'], Users)} />
      <Route path="/admin/closures" component={only(['admin'], Closures)} />
      <Route path="/admin/outbox" component={only(['admin'], Outbox)} />
      <Route default component={Home} />
    </Router>
  );
}

/**
 * The HelpDesk's time zone, as the server is configured: pages show dates, days and months in it.
 * False until known; on a failure the default zone stays (the pages still work, and say so nowhere
 * worse than a date shown in the default zone).
 */
function useHelpDeskZone(loggedIn: boolean): boolean {
  const { api } = useAuth();
  const { setTimeZone } = useI18n();
  const [known, setKnown] = useState(false);
  useEffect(() => {
    if (!loggedIn) return;
    api.get<BusinessHoursStatus>('/api/calendar/business-hours').then(
      (status) => (setTimeZone(status.timeZone), setKnown(true)),
      () => setKnown(true), // the default zone stays: see above
    );
  }, [loggedIn, api, setTimeZone]);
  return known;
}

/** Logged out: the login page. Logged in: the app; an expired session brings the login back over it. */
function Shell() {
  const { user, expired } = useAuth();
  const { t } = useI18n();
  const zoneKnown = useHelpDeskZone(user !== null);
  if (!user) return <LoginPage />;
  return (
    <Layout>
      {zoneKnown ? <Routes /> : <Loading />}
      <Dialog open={expired} title={t.login.title} onClose={() => undefined}>
        {expired && (
          <>
            <p class="banner info">{t.login.expired}</p>
            <LoginForm fixedUsername={user.username} />
          </>
        )}
      </Dialog>
    </Layout>
  );
}

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <LocationProvider>
          <Shell />
        </LocationProvider>
      </AuthProvider>
    </I18nProvider>
  );
}

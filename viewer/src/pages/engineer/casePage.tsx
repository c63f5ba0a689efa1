import { useRoute, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { PlaybackCheckView } from '../../../../shared/playbackCheck/records.js';
import type { SessionView, OpenSessionResponse } from '../../../../shared/protocol/session.js';
import type { CaseDiagnostic } from '../../../../shared/protocol/diagnosticResults.js';
import { FIRST_LEVEL_CHECKS, type CaseView } from '../../../../shared/schemas/cases.js';
import type { ReportSummary } from '../../../../shared/schemas/reports.js';
import { useAuth } from '../../auth.js';
import { DiagnosticTable } from '../../components/diagnostics.js';
import { PlaybackChecks } from '../../components/playbackCheck.js';
import { Dialog, ErrorBanner, Field, fieldsOf, Loading, outcomeLabel, SessionState, SlaCell, StatusBadge } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';
import { ReportForm } from './reportForm.js';

/** How often the page refreshes while a remote session of the case runs. */
const LIVE_REFRESH_MS = 3000;

/** The join code is kept in this tab only (never in a URL), for the live page to show. */
export const joinCodeKey = (sessionId: number) => `remote-assist.join-code.${sessionId}`;

function Details({ c }: { c: CaseView }) {
  const { t, fmt } = useI18n();
  const rows: Array<[string, string]> = [
    [t.cases.company, c.company.name],
    [t.cases.received, `${fmt.dateTime(c.receivedAt)}${c.receivedWithinBusinessHours ? '' : ` (${t.cases.afterHours})`}`],
    [t.fields['firstConsultationDate']!, c.firstConsultationDate],
    [t.fields['requestingAgent']!, c.requestingAgent],
    [t.fields['customerName']!, c.customerName],
    [t.fields['contactNumber']!, c.contactNumber],
    [t.fields['reachableHours']!, c.reachableHours ?? '—'],
    [t.fields['siteUrl']!, c.siteUrl],
    [t.fields['symptoms']!, c.symptoms],
    [t.fields['reproducesOnCallCenterPc']!, c.reproducesOnCallCenterPc ? t.app.yes : t.app.no],
    [t.request.pc, c.pcSpec ? [c.pcSpec.cpu, c.pcSpec.ramGb && `${c.pcSpec.ramGb} GB`, c.pcSpec.gpu, c.pcSpec.os].filter(Boolean).join(', ') : '—'],
    [t.cases.assignee, c.assignee?.displayName ?? '—'],
  ];
  return (
    <dl class="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Checks({ c }: { c: CaseView }) {
  const { t, lang } = useI18n();
  return (
    <table class="checks">
      <tbody>
        {FIRST_LEVEL_CHECKS.map((k) => (
          <tr key={k.key}>
            <th scope="row">
              {k.ref} {k[lang]}
            </th>
            <td>{c.firstLevelChecks[k.key].done ? `✓ ${t.fields['checkDone']}` : '—'}</td>
            <td>{c.firstLevelChecks[k.key].result ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContactLog({ c, canAct, onChange }: { c: CaseView; canAct: boolean; onChange: () => void }) {
  const { api } = useAuth();
  const { t, fmt } = useI18n();
  const [reached, setReached] = useState(true);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const log = async (e: Event) => {
    e.preventDefault();
    try {
      await api.post(`/api/cases/${c.id}/contacts`, { reached, ...(note ? { note } : {}) });
      setNote('');
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="contacts">
      <h2 id="contacts">{t.casePage.contacts}</h2>
      {c.contacts?.length ? (
        <ul class="contacts">
          {c.contacts.map((a) => (
            <li key={a.id}>
              {fmt.dateTime(a.at)} · {a.engineer.displayName} · {a.reached ? `✓ ${t.casePage.reached}` : '✗'} {a.note ? `— ${a.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.casePage.noContacts}</p>
      )}
      {canAct && c.status !== 'closed' && (
        <form class="inline" onSubmit={(e) => void log(e)} aria-label={t.casePage.logCall}>
          <label>
            <input type="checkbox" checked={reached} onChange={(e) => setReached((e.target as HTMLInputElement).checked)} /> {t.casePage.reached}
          </label>
          <Field label={t.casePage.note}>{(a) => <input {...a} name="note" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />}</Field>
          <button type="submit">{t.casePage.logCall}</button>
        </form>
      )}
      <ErrorBanner error={error} />
    </section>
  );
}

function Credentials({ c }: { c: CaseView }) {
  const { api } = useAuth();
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<{ userId: string; password: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!c.hasSiteCredentials) return null;
  const reveal = async (e: Event) => {
    e.preventDefault();
    try {
      setShown(await api.post(`/api/cases/${c.id}/credentials/reveal`, { reason }));
      setAsking(false);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="credentials">
      <h2 id="credentials">{t.casePage.credentials}</h2>
      {shown ? (
        <p class="credentials">
          <code>{shown.userId}</code> / <code>{shown.password}</code> <span class="hint">{t.casePage.revealed}</span>
        </p>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {t.casePage.reveal}
        </button>
      )}
      <Dialog open={asking} title={t.casePage.credentials} onClose={() => setAsking(false)}>
        <form onSubmit={(e) => void reveal(e)}>
          <Field label={t.casePage.revealReason} issue={fieldsOf(error)['reason']}>
            {(a) => <input {...a} name="reason" required minLength={5} value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}
          </Field>
          <ErrorBanner error={error} />
          <div class="actions">
            <button type="button" onClick={() => setAsking(false)}>
              {t.app.cancel}
            </button>
            <button type="submit" class="primary">
              {t.casePage.reveal}
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}

/**
 * The lifecycle actions the case's state allows, and only those. Closing is not among them: a case
 * is closed by its result report (below), so every closure is mailed to the customer company.
 */
function Lifecycle({ c, sessions, onChange }: { c: CaseView; sessions: SessionView[]; onChange: () => void }) {
  const { api, user } = useAuth();
  const { t } = useI18n();
  const { route } = useLocation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mine = c.assignee?.id === user?.id;
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  const start = async () => {
    const opened = await api.post<OpenSessionResponse>(`/api/cases/${c.id}/sessions`);
    sessionStorage.setItem(joinCodeKey(opened.session.id), JSON.stringify(opened.joinCode));
    route(`/sessions/${opened.session.id}`);
  };
  const open = sessions.find((s) => s.status !== 'ended');
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">{t.casePage.actions}</h2>
      <ErrorBanner error={error} />
      <div class="actions">
        {user?.role === 'engineer' && !c.assignee && c.status !== 'closed' && (
          <button type="button" onClick={() => void act(() => api.post(`/api/cases/${c.id}/assign`))}>
            {t.queue.assignToMe}
          </button>
        )}
        {mine && c.status === 'contacted' && (
          <button type="button" class="primary" onClick={() => void act(start)}>
            {t.casePage.startSession}
          </button>
        )}
        {mine && open && (
          <a class="button primary" href={`/sessions/${open.id}`}>
            {t.casePage.openSession}
          </a>
        )}
      </div>
      {mine && c.status === 'closed' && c.outcome === 'external_cause' && (
        <form class="inline" onSubmit={(e) => (e.preventDefault(), void act(() => api.post(`/api/cases/${c.id}/transitions`, { action: 'reopen', reason })))}>
          <Field label={t.casePage.reopenReason}>{(a) => <input {...a} required value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />}</Field>
          <button type="submit">{t.casePage.reopen}</button>
        </form>
      )}
    </section>
  );
}

function Reports({ c, reports }: { c: CaseView; reports: ReportSummary[] }) {
  const { api } = useAuth();
  const { t, lang, fmt } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  if (reports.length === 0) return null;
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">{t.casePage.reports}</h2>
      <ul>
        {reports.map((r) => (
          <li key={r.id}>
            {fmt.dateTime(r.submittedAt)} · {outcomeLabel(r.outcome, lang)} · {r.mail ? t.report.mail[r.mail.status] : ''}{' '}
            <button type="button" onClick={() => void api.text(`/api/cases/${c.id}/reports/${r.id}?format=html`).then(setHtml)}>
              {t.cases.viewReport}
            </button>
          </li>
        ))}
      </ul>
      {html !== null && <iframe class="report-preview" title={t.report.title} sandbox="" srcdoc={html} />}
    </section>
  );
}

/** A case: the request, the first-level record, the pre-check, contacts, credentials, actions, sessions and reports. */
export function CasePage() {
  const { params } = useRoute();
  const id = Number(params['id']);
  const { api, user } = useAuth();
  const { t, fmt } = useI18n();
  const data = useAsync(async () => {
    const [c, sessions, reports] = await Promise.all([
      api.get<CaseView>(`/api/cases/${id}`),
      api.get<SessionView[]>(`/api/cases/${id}/sessions`),
      api.get<ReportSummary[]>(`/api/cases/${id}/reports`),
    ]);
    const staff = user?.role !== 'callcenter';
    const [diagnostics, playbackChecks] = staff
      ? await Promise.all([api.get<CaseDiagnostic[]>(`/api/cases/${id}/diagnostics`), api.get<PlaybackCheckView[]>(`/api/cases/${id}/playback-checks`)])
      : [[], []];
    return { c, sessions, reports, diagnostics, playbackChecks };
  }, [id]);
  // While a remote session runs, what it brings (a playback check from the user's browser, the
  // session's end) shows here within seconds, without the engineer reloading.
  const inSession = data.value?.c.status === 'in_session';
  useEffect(() => {
    if (!inSession) return;
    const timer = setInterval(data.reload, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [inSession, data.reload]);
  if (!data.value) return data.error ? <ErrorBanner error={data.error} /> : <Loading />;
  const { c, sessions, reports, diagnostics, playbackChecks } = data.value;
  const mine = c.assignee?.id === user?.id;
  const lastClosure = c.closedAt;
  const reported = reports.some((r) => lastClosure !== null && r.submittedAt >= lastClosure);
  const latestByCheck = [...new Map(diagnostics.map((d) => [d.check, d])).values()];
  return (
    <section class="case-page">
      <h1>
        {c.ref} <StatusBadge status={c.status} outcome={c.outcome} /> {c.urgent && <span class="badge urgent">{t.cases.urgent}</span>}
      </h1>
      <p>
        <SlaCell sla={c.sla} /> · {t.sla.due}: {fmt.dateTime(c.sla.dueAt)}
      </p>
      <div class="columns">
        <div>
          <h2>{t.casePage.details}</h2>
          <Details c={c} />
          <h2>{t.casePage.checks}</h2>
          <Checks c={c} />
        </div>
        <div>
          {user?.role !== 'callcenter' && <ContactLog c={c} canAct={mine} onChange={data.reload} />}
          {mine && <Credentials c={c} />}
          {user?.role === 'engineer' && <Lifecycle c={c} sessions={sessions} onChange={data.reload} />}
          {mine && (c.status === 'contacted' || (c.status === 'closed' && !reported)) && (
            <ReportForm caseId={c.id} fixedOutcome={c.status === 'closed' ? c.outcome : null} onSubmitted={data.reload} />
          )}
          {user?.role !== 'callcenter' && (
            <section aria-labelledby="precheck">
              <h2 id="precheck">{t.casePage.precheck}</h2>
              {latestByCheck.length === 0 ? <p>{t.casePage.noPrecheck}</p> : latestByCheck.map((d) => <DiagnosticTable key={d.check} {...d} />)}
            </section>
          )}
          {user?.role !== 'callcenter' && (playbackChecks.length > 0 || sessions.some((s) => s.agentKind === 'browser')) && (
            <section aria-labelledby="playback-checks">
              <h2 id="playback-checks">{t.casePage.playbackChecks}</h2>
              <PlaybackChecks checks={playbackChecks} />
            </section>
          )}
          {sessions.length > 0 && user?.role !== 'callcenter' && (
            <section aria-labelledby="sessions">
              <h2 id="sessions">{t.casePage.sessions}</h2>
              <ul>
                {sessions.map((s) => (
                  <li key={s.id}>
                    {fmt.dateTime(s.createdAt)} · <SessionState session={s} />
                    {(user?.role === 'auditor' || user?.role === 'admin') && (
                      <>
                        {' '}
                        · <a href={`/audit/sessions/${s.id}`}>{t.audit.openTimeline}</a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Reports c={c} reports={reports} />
        </div>
      </div>
    </section>
  );
}

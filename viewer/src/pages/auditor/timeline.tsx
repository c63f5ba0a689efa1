import { useRoute } from 'preact-iso';
import { EXTENSION_CONSENT, SESSION_CONSENT } from '../../../../shared/consent.js';
import type { ConsentRecordView, SessionView } from '../../../../shared/protocol/session.js';
import type { AuditEntry, AuditPage } from '../../../../shared/schemas/audit.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Head, Loading } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';

/** The exact text a consent record names, from the versioned texts the agents show. */
function consentText(c: ConsentRecordView): string | null {
  const text = [SESSION_CONSENT, EXTENSION_CONSENT].find((x) => x.version === c.textVersion);
  return text ? text[c.language] : null;
}

function actorName(e: AuditEntry): string {
  const a = e.actor;
  if (a.kind === 'user') return `${a.name} (${a.role})`;
  if (a.kind === 'agent') return `${a.name} (agent)`;
  return a.kind === 'anonymous' ? a.ip : 'system';
}

/** A session from start to end: consents with their exact text and hash, every action, extensions, the end and why. */
export function SessionTimeline() {
  const { params } = useRoute();
  const id = Number(params['id']);
  const { api } = useAuth();
  const { t, lang } = useI18n();
  const data = useAsync(async () => ({
    session: await api.get<SessionView>(`/api/sessions/${id}`),
    consents: await api.get<ConsentRecordView[]>(`/api/sessions/${id}/consents`),
    entries: (await api.get<AuditPage>(`/api/audit?sessionId=${id}&limit=1000`)).entries,
  }), [id]);
  if (!data.value) return data.error ? <ErrorBanner error={data.error} /> : <Loading />;
  const { session, consents, entries } = data.value;
  return (
    <section>
      <h1>
        {t.audit.timeline} · {session.caseRef}
      </h1>
      <p>
        {t.live.state[session.status]} {session.endReason ? `(${t.live.endReasons[session.endReason]})` : ''} · {session.engineer.displayName}
      </p>
      {consents.map((c) => (
        <article key={c.id} class="consent-record" data-testid="consent-record">
          <h2>
            {c.kind === 'session' ? t.audit.consentText : t.live.extend} · {c.decision} · {formatDateTime(c.at, lang)}
          </h2>
          <p>
            {c.typedName} · {c.language} · {c.ip} · {c.deviceSummary}
            {c.extensionMinutes !== null && ` · +${c.extensionMinutes} min`}
          </p>
          <p>
            {c.textVersion} · {t.audit.hash}: <code data-testid="consent-hash">{c.textSha256}</code>
          </p>
          <pre class="consent-text">{consentText(c) ?? '—'}</pre>
        </article>
      ))}
      <table class="timeline">
        <Head columns={['#', t.audit.at, t.audit.actor, t.audit.action, t.audit.details]} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-action={e.action}>
              <td>{e.seq}</td>
              <td>{formatDateTime(e.at, lang)}</td>
              <td>{actorName(e)}</td>
              <td>{e.action}</td>
              <td>
                <code>{JSON.stringify(e.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

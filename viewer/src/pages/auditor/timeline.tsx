import { useRoute } from 'preact-iso';
import { EXTENSION_CONSENT, SESSION_CONSENT } from '../../../../shared/consent.js';
import type { ConsentRecordView, SessionView } from '../../../../shared/protocol/session.js';
import type { AuditPage } from '../../../../shared/schemas/audit.js';
import { useAuth } from '../../auth.js';
import { ErrorBanner, Head, Loading, SessionState } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { useAsync } from '../../useAsync.js';
import { AuditDetails, useActionLabel, useActorName } from './auditDetails.js';

/** The exact text a consent record names, from the versioned texts the agents show. */
function consentText(c: ConsentRecordView): string | null {
  const text = [SESSION_CONSENT, EXTENSION_CONSENT].find((x) => x.version === c.textVersion);
  return text ? text[c.language] : null;
}

function ConsentRecord({ c }: { c: ConsentRecordView }) {
  const { t, fmt } = useI18n();
  return (
    <article class="consent-record" data-testid="consent-record">
      <h2>
        {t.terms.consentKinds[c.kind]} · {t.terms.decisions[c.decision] ?? c.decision} · <span class="nowrap">{fmt.dateTimeSeconds(c.at)}</span>
      </h2>
      <p>
        {c.typedName} · {t.terms.languages[c.language] ?? c.language} · {c.ip} · {c.deviceSummary}
        {c.extensionMinutes !== null && ` · ${t.terms.extensionMinutes(c.extensionMinutes)}`}
      </p>
      <p>
        {t.terms.textVersion}: {c.textVersion} · {t.audit.hash}: <code data-testid="consent-hash">{c.textSha256}</code>
      </p>
      <pre class="consent-text">{consentText(c) ?? '—'}</pre>
    </article>
  );
}

/** A session from start to end: consents with their exact text and hash, every action, extensions, the end and why. */
export function SessionTimeline() {
  const { params } = useRoute();
  const id = Number(params['id']);
  const { api } = useAuth();
  const { t, fmt } = useI18n();
  const actorName = useActorName();
  const actionLabel = useActionLabel();
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
        <SessionState session={session} /> · {session.engineer.displayName}
      </p>
      {consents.map((c) => (
        <ConsentRecord key={c.id} c={c} />
      ))}
      <table class="timeline">
        <Head columns={['#', t.audit.at, t.audit.actor, t.audit.action, t.audit.details]} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-action={e.action}>
              <td>{e.seq}</td>
              <td class="at">{fmt.dateTimeSeconds(e.at)}</td>
              <td>{actorName(e.actor)}</td>
              <td>{actionLabel(e.action)}</td>
              <td>
                <AuditDetails entry={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

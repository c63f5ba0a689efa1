import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { DeviceReport } from '../../../../shared/protocol/device.js';
import type { JoinCodeView } from '../../../../shared/protocol/session.js';
import { PlaybackChecks } from '../../components/playbackCheck.js';
import { ErrorBanner } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { Screen } from '../../live/screen.js';
import { useLiveSession } from '../../live/useLiveSession.js';
import { joinCodeKey } from './casePage.js';
import { ActivityPanel, ChatPanel, DiagnosticsPanel, EndDialog, ExtensionDialog } from './livePanels.js';
import { ReportForm } from './reportForm.js';

function useTicker(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const mmss = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The code to read out, large and in groups of three, with its time left. */
function JoinCode({ code, now }: { code: JoinCodeView; now: number }) {
  const { t } = useI18n();
  const left = Date.parse(code.expiresAt) - now;
  return (
    <div class="join-code" role="region" aria-label={t.live.codeTitle}>
      <p>{t.live.codeTitle}</p>
      <p class="code" data-testid="join-code">
        {code.display}
      </p>
      <p class="hint">{left > 0 ? t.live.codeExpires(Math.round(left / 1000)) : t.live.codeExpired}</p>
    </div>
  );
}

/** After the session ends, a declined or refused device already decided the outcome. */
const OUTCOME_BY_END: Record<string, string> = { user_declined: 'user_declined', consent_timeout: 'user_declined', device_not_supported: 'device_not_supported' };

/** The server refused to let this user watch: say why, and offer nothing to do in the session. */
function CannotWatch({ code, caseRef }: { code: string; caseRef: string | undefined }) {
  const { t } = useI18n();
  return (
    <section class="live">
      <h1>
        {t.live.title}
        {caseRef ? ` · ${caseRef}` : ''}
      </h1>
      <p class="banner error" role="alert" data-testid="cannot-watch">
        {t.live.cannotWatch[code] ?? t.live.cannotWatch['generic']}
      </p>
    </section>
  );
}

/** What the user's side is: the PC's OS and name, or the browser and the system it runs on. */
function DeviceLine({ device }: { device: DeviceReport }) {
  const { t } = useI18n();
  const b = device.browser;
  return (
    <p class="device" data-testid="device">
      {t.live.device}: {b ? `${b.name} ${b.version} · ${device.osName} ${device.osRelease} · ${b.deviceType}${b.model ? ` (${b.model})` : ''}` : `${device.osName} ${device.osRelease} · ${device.hostname}`}
    </p>
  );
}

/** A browser session handed over to the agent program: the new session to open (the join code the user has carries over). */
function HandedOver({ from, to }: { from: number; to: number }) {
  const { t } = useI18n();
  const code = sessionStorage.getItem(joinCodeKey(from));
  if (code) sessionStorage.setItem(joinCodeKey(to), code);
  return (
    <p class="banner info" role="status" data-testid="handed-over">
      {t.live.handedOver}{' '}
      <a class="button primary" href={`/sessions/${to}`}>
        {t.live.openHandedOver}
      </a>
    </p>
  );
}

/** A live remote session, from the engineer's side. */
export function LiveSession() {
  const { params } = useRoute();
  const sessionId = Number(params['id']);
  const { t } = useI18n();
  const now = useTicker(1000);
  const live = useLiveSession(sessionId, () => sessionStorage.removeItem(joinCodeKey(sessionId)));
  const [extendOpen, setExtendOpen] = useState(false);
  const [extendError, setExtendError] = useState<unknown>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const raw = sessionStorage.getItem(joinCodeKey(sessionId));
  const code = raw ? (JSON.parse(raw) as JoinCodeView) : null;
  const conn = live.conn.current;
  // An observer (a supervisor) did not run the session: the end is told neutrally, the report is not theirs.
  const owner = conn?.role !== 'observer';
  const endText = (reason: string) => (owner ? t.live.ended(t.live.endReasons[reason] ?? reason) : (t.terms.sessionEnd[reason] ?? reason));
  const send = conn ? conn.send.bind(conn) : () => undefined;
  const status = live.session?.status ?? 'waiting';
  const remaining = live.endsAt === null ? null : live.endsAt - now;
  if (live.refusal) return <CannotWatch code={live.refusal} caseRef={live.session?.caseRef} />;

  const askExtension = async (minutes: number, reason: string) => {
    setExtendError(null);
    try {
      await conn?.request('session:extend', { sessionId, minutes, reason });
      live.setExtensionWaiting(true);
      setExtendOpen(false);
    } catch (err) {
      setExtendError(err); // shown in the dialog, which stays open to correct the request
    }
  };
  const end = async () => {
    setConfirmEnd(false);
    await conn?.request('session:end', { sessionId }).catch(live.setError);
  };

  return (
    <section class="live">
      <header class="live-head">
        <h1>
          {t.live.title} · {live.session?.caseRef ?? ''}
        </h1>
        <p class={`live-status ${status}`} role="status" aria-live="polite">
          {live.endReason ? endText(live.endReason) : live.session ? t.live.state[status] : t.live.connecting}
          {status === 'active' && live.session && !live.session.agentConnected && ` — ${t.live.agentOffline}`}
        </p>
        {remaining !== null && status === 'active' && (
          <p class={`time-left${remaining < 10 * 60_000 ? ' low' : ''}`}>
            {t.live.remaining}: <strong data-testid="time-left">{mmss(remaining)}</strong>
          </p>
        )}
        {live.session && owner && status !== 'ended' && !live.endReason && (
          <div class="actions">
            {status === 'active' && (
              <button type="button" onClick={() => setExtendOpen(true)} disabled={live.extensionWaiting}>
                {live.extensionWaiting ? t.live.extensionWaiting : t.live.extend}
              </button>
            )}
            <button type="button" class="danger" onClick={() => setConfirmEnd(true)}>
              {t.live.end}
            </button>
          </div>
        )}
      </header>
      {live.notice && (
        <p class="banner info" role="status" data-testid="notice">
          {live.notice}
        </p>
      )}
      <ErrorBanner error={live.error} />
      {code && live.session?.status === 'waiting' && !live.endReason && <JoinCode code={code} now={now} />}
      {live.session?.device && <DeviceLine device={live.session.device} />}
      {live.browserSession && !live.endReason && <p class="hint">{t.live.viewOnlyHint}</p>}
      {live.handedOverTo !== null && <HandedOver from={sessionId} to={live.handedOverTo} />}
      {live.session && !live.endReason && (
        <div class="live-body">
          <Screen stream={live.stream} control={live.control} displays={live.displays} displayId={live.displayId} send={send} onControl={(action) => send({ type: 'control', action })} viewOnly={live.browserSession} />
          <aside class="live-side">
            {live.browserSession ? (
              <section aria-labelledby="playback">
                <h2 id="playback">{t.live.playbackChecks}</h2>
                <PlaybackChecks checks={[...live.playbackChecks].sort((a, b) => b.id - a.id)} />
              </section>
            ) : (
              <DiagnosticsPanel
                enabled={status === 'active'}
                running={live.running}
                results={live.results}
                onRun={(checks) => {
                  live.setRunning(true);
                  send({ type: 'diagnostics', requestId: `r${Date.now()}`, checks });
                }}
              />
            )}
            <ActivityPanel activity={live.activity} />
            <ChatPanel
              chat={live.chat}
              enabled={status === 'active'}
              onSend={(text) => {
                send({ type: 'chat', text });
                conn?.report({ kind: 'chat', text });
                live.addChat({ from: 'you', text, at: new Date().toISOString() });
              }}
            />
          </aside>
        </div>
      )}
      {live.endReason && live.browserSession && live.playbackChecks.length > 0 && (
        <section aria-labelledby="playback-after">
          <h2 id="playback-after">{t.live.playbackChecks}</h2>
          <PlaybackChecks checks={[...live.playbackChecks].sort((a, b) => b.id - a.id)} />
        </section>
      )}
      {live.endReason && live.session && owner && <ReportForm caseId={live.session.caseId} fixedOutcome={OUTCOME_BY_END[live.endReason] ?? null} onSubmitted={() => undefined} />}
      <EndDialog open={confirmEnd} onClose={() => setConfirmEnd(false)} onEnd={() => void end()} />
      <ExtensionDialog open={extendOpen} error={extendError} onClose={() => (setExtendOpen(false), setExtendError(null))} onAsk={(m, r) => void askExtension(m, r)} />
    </section>
  );
}

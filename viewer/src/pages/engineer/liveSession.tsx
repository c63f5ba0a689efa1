import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionAction } from '../../../../shared/protocol/actions.js';
import type { AgentMessage, ControlState, DisplayInfo } from '../../../../shared/protocol/dataChannel.js';
import type { DiagnosticResult } from '../../../../shared/protocol/diagnosticResults.js';
import { DIAGNOSTIC_CHECKS, type DiagnosticCheckId } from '../../../../shared/protocol/diagnostics.js';
import type { JoinCodeView, SessionView } from '../../../../shared/protocol/session.js';
import { useAuth } from '../../auth.js';
import { DiagnosticTable } from '../../components/diagnostics.js';
import { Dialog, ErrorBanner, Field } from '../../components/ui.js';
import { useI18n } from '../../i18n/index.js';
import { LiveConnection } from '../../live/connection.js';
import { Screen } from '../../live/screen.js';
import { joinCodeKey } from './casePage.js';
import { ReportForm } from './reportForm.js';

interface ChatLine {
  from: 'you' | 'user';
  text: string;
  at: string;
}

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

/** A live remote session, from the engineer's side. */
export function LiveSession() {
  const { params } = useRoute();
  const sessionId = Number(params['id']);
  const { token } = useAuth();
  const { t, lang } = useI18n();
  const now = useTicker(1000);
  const [session, setSession] = useState<SessionView | null>(null);
  const [deadline, setDeadline] = useState<{ endsAtLocal: number } | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [control, setControl] = useState<ControlState>('off');
  const [displays, setDisplays] = useState<DisplayInfo[]>([]);
  const [displayId, setDisplayId] = useState('');
  const [results, setResults] = useState<DiagnosticResult[]>([]);
  const [running, setRunning] = useState(false);
  const [checks, setChecks] = useState<DiagnosticCheckId[]>(DIAGNOSTIC_CHECKS.map((c) => c.id));
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [activity, setActivity] = useState<Array<{ at: string; actor: 'agent' | 'engineer'; action: SessionAction }>>([]);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [endReason, setEndReason] = useState<string | null>(null);
  const [extendOpen, setExtendOpen] = useState(false);
  const [extension, setExtension] = useState({ minutes: '30', reason: '', waiting: false });
  const conn = useRef<LiveConnection | null>(null);
  const code = (() => {
    const raw = sessionStorage.getItem(joinCodeKey(sessionId));
    return raw ? (JSON.parse(raw) as JoinCodeView) : null;
  })();

  const onDeadline = (remainingMs: number | undefined) => remainingMs !== undefined && setDeadline({ endsAtLocal: Date.now() + remainingMs });
  const onAgentMessage = (m: AgentMessage) => {
    switch (m.type) {
      case 'hello':
        setDisplays(m.displays);
        setDisplayId(m.displayId);
        setControl(m.control);
        return;
      case 'control':
        return setControl(m.state);
      case 'monitor':
        return setDisplayId(m.displayId);
      case 'diagnostics':
        setRunning(false);
        return setResults((old) => [...m.results, ...old.filter((o) => !m.results.some((r) => r.check === o.check))]);
      case 'chat':
        return setChat((c) => [...c, { from: 'user', text: m.text, at: m.at }]);
      case 'time':
        return onDeadline(m.remainingMs);
    }
  };

  useEffect(() => {
    const c = new LiveConnection(sessionId, () => token, {
      state: (s) => {
        setSession(s);
        onDeadline(s.deadline?.remainingMs);
        if (s.status === 'ended' && s.endReason) setEndReason(s.endReason);
      },
      stream: setStream,
      message: onAgentMessage,
      action: (actor, action: SessionAction) => {
        if (actor === 'agent' && action.kind === 'control_paused') setControl('paused');
        setActivity((list) => [{ at: new Date().toISOString(), actor, action }, ...list].slice(0, 100));
      },
      warning: (minutes, d) => {
        onDeadline(d.remainingMs);
        setNotice(t.live.warning(minutes));
      },
      extension: (decision, d) => {
        setExtension((e) => ({ ...e, waiting: false }));
        if (d) onDeadline(d.remainingMs);
        setNotice(t.live.extension[decision] ?? decision);
      },
      ended: (reason) => {
        setEndReason(reason);
        setStream(null);
        sessionStorage.removeItem(joinCodeKey(sessionId));
      },
    });
    conn.current = c;
    c.open().catch(setError);
    return () => c.close();
    // The connection lives as long as this page shows this session.
  }, [sessionId]);

  const send = conn.current ? conn.current.send.bind(conn.current) : () => undefined;
  const runChecks = () => {
    setRunning(true);
    send({ type: 'diagnostics', requestId: `r${Date.now()}`, checks });
  };
  const sendChat = (e: Event) => {
    e.preventDefault();
    if (!message.trim()) return;
    send({ type: 'chat', text: message });
    conn.current?.report({ kind: 'chat', text: message });
    setChat((c) => [...c, { from: 'you', text: message, at: new Date().toISOString() }]);
    setMessage('');
  };
  const askExtension = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await conn.current?.request('session:extend', { sessionId, minutes: Number(extension.minutes), reason: extension.reason });
      setExtension((x) => ({ ...x, waiting: true }));
      setExtendOpen(false);
    } catch (err) {
      setError(Object.assign(err as object, { fields: {} }));
      setNotice((err as Error).message);
    }
  };
  const [confirmEnd, setConfirmEnd] = useState(false);
  const end = async () => {
    setConfirmEnd(false);
    await conn.current?.request('session:end', { sessionId }).catch(setError);
  };

  const status = session?.status ?? 'waiting';
  const remaining = deadline ? deadline.endsAtLocal - now : null;
  return (
    <section class="live">
      <header class="live-head">
        <h1>
          {t.live.title} · {session?.caseRef ?? ''}
        </h1>
        <p class={`live-status ${status}`} role="status" aria-live="polite">
          {endReason ? t.live.ended(t.live.endReasons[endReason] ?? endReason) : t.live.state[status]}
          {status === 'active' && session && !session.agentConnected && ` — ${t.live.agentOffline}`}
        </p>
        {remaining !== null && status === 'active' && (
          <p class={`time-left${remaining < 10 * 60_000 ? ' low' : ''}`}>
            {t.live.remaining}: <strong data-testid="time-left">{mmss(remaining)}</strong>
          </p>
        )}
        {status !== 'ended' && !endReason && (
          <div class="actions">
            {status === 'active' && (
              <button type="button" onClick={() => setExtendOpen(true)} disabled={extension.waiting}>
                {extension.waiting ? t.live.extensionWaiting : t.live.extend}
              </button>
            )}
            <button type="button" class="danger" onClick={() => setConfirmEnd(true)}>
              {t.live.end}
            </button>
          </div>
        )}
      </header>
      {notice && (
        <p class="banner info" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      <ErrorBanner error={error && !notice ? error : null} />
      {code && status === 'waiting' && !endReason && <JoinCode code={code} now={now} />}
      {session?.device && (
        <p class="device">
          {t.live.device}: {session.device.osName} {session.device.osRelease} · {session.device.hostname}
        </p>
      )}
      {!endReason && (
        <div class="live-body">
          <Screen stream={stream} control={control} displays={displays} displayId={displayId} send={send} onControl={(action) => send({ type: 'control', action })} />
          <aside class="live-side">
            <section aria-labelledby="diag">
              <h2 id="diag">{t.live.diagnostics}</h2>
              <fieldset class="check-list">
                {DIAGNOSTIC_CHECKS.map((c) => (
                  <label key={c.id}>
                    <input type="checkbox" checked={checks.includes(c.id)} onChange={(e) => setChecks((list) => ((e.target as HTMLInputElement).checked ? [...list, c.id] : list.filter((x) => x !== c.id)))} /> {c[lang]}
                  </label>
                ))}
              </fieldset>
              <button type="button" onClick={runChecks} disabled={status !== 'active' || running || checks.length === 0}>
                {running ? t.live.running : t.live.runChecks}
              </button>
              <div class="results">{results.map((r) => <DiagnosticTable key={r.check} {...r} />)}</div>
            </section>
            <section aria-labelledby="activity">
              <h2 id="activity">{t.live.activity}</h2>
              <ol class="activity" data-testid="activity">
                {activity.map((a, i) => (
                  <li key={i}>
                    {a.actor === 'agent' ? t.live.user : t.live.you} · {a.action.kind}
                    {a.action.kind === 'chat' ? `: ${a.action.text}` : a.action.kind === 'diagnostic_run' ? `: ${a.action.check} ${a.action.status}` : ''}
                  </li>
                ))}
              </ol>
            </section>
            <section aria-labelledby="chat">
              <h2 id="chat">{t.live.chat}</h2>
              <ol class="chat" aria-live="polite">
                {chat.map((line, i) => (
                  <li key={i} class={line.from}>
                    <strong>{line.from === 'you' ? t.live.you : t.live.user}:</strong> {line.text}
                  </li>
                ))}
              </ol>
              <form onSubmit={sendChat} class="inline">
                <Field label={t.live.chatPlaceholder}>{(a) => <input {...a} value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} />}</Field>
                <button type="submit" disabled={status !== 'active'}>
                  {t.live.send}
                </button>
              </form>
            </section>
          </aside>
        </div>
      )}
      {endReason && session && <ReportForm caseId={session.caseId} fixedOutcome={endReason === 'user_declined' || endReason === 'consent_timeout' ? 'user_declined' : endReason === 'device_not_supported' ? 'device_not_supported' : null} onSubmitted={() => undefined} />}
      <Dialog open={confirmEnd} title={t.live.end} onClose={() => setConfirmEnd(false)}>
        <p>{t.live.endConfirm}</p>
        <div class="actions">
          <button type="button" onClick={() => setConfirmEnd(false)}>
            {t.app.cancel}
          </button>
          <button type="button" class="danger" onClick={() => void end()}>
            {t.live.end}
          </button>
        </div>
      </Dialog>
      <Dialog open={extendOpen} title={t.live.extend} onClose={() => setExtendOpen(false)}>
        <form onSubmit={(e) => void askExtension(e)}>
          <Field label={t.live.extendMinutes}>{(a) => <input {...a} type="number" min={1} max={300} required value={extension.minutes} onInput={(e) => setExtension((x) => ({ ...x, minutes: (e.target as HTMLInputElement).value }))} />}</Field>
          <Field label={t.live.extendReason}>{(a) => <input {...a} required minLength={3} value={extension.reason} onInput={(e) => setExtension((x) => ({ ...x, reason: (e.target as HTMLInputElement).value }))} />}</Field>
          <div class="actions">
            <button type="button" onClick={() => setExtendOpen(false)}>
              {t.app.cancel}
            </button>
            <button type="submit" class="primary">
              {t.live.extendSend}
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}

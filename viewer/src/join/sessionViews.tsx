import { useState } from 'preact/hooks';
import { AgentBuildListing } from '../../../shared/agentBuilds.js';
import { EXTENSION_CONSENT } from '../../../shared/consent.js';
import type { RemoteControlOffer } from '../../../shared/protocol/events.js';
import { formatJoinCode } from '../../../shared/protocol/session.js';
import { runPlaybackCheck } from '../check/runPlaybackCheck.js';
import { useTick } from './entryViews.js';
import type { JoinState } from './useJoin.js';
import type { JoinTexts, Lang } from './texts.js';

const mmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function TimeLeft({ t, endsAt }: { t: JoinTexts; endsAt: number | null }) {
  const now = useTick(1000);
  if (endsAt === null) return null;
  return (
    <p class="time-left">
      {t.timeLeft}: <strong data-testid="time-left">{mmss(endsAt - now)}</strong>
    </p>
  );
}

/** Runs the playback check in this browser with the session token and sends the measurements; may be run again. */
function CheckSection({ t, join }: { t: JoinTexts; join: JoinState }) {
  const [step, setStep] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const run = async () => {
    setResult(null);
    setStep('device');
    try {
      const measurements = await runPlaybackCheck({ baseUrl: location.origin, token: join.client.sessionToken, onProbe: setStep });
      const { check } = await join.client.request('agent:playback-check', { measurements });
      setResult(t.checkSent(check.result.items.filter((i) => i.status === 'fail' || i.status === 'warn' || i.status === 'error').length));
    } catch {
      setResult(t.checkFailed);
    } finally {
      setStep(null);
    }
  };
  return (
    <section aria-labelledby="check-title">
      <h2 id="check-title" class="visually-hidden">
        {t.check}
      </h2>
      <button type="button" class="primary" onClick={() => void run()} disabled={step !== null}>
        {step ? t.checking(t.checkSteps[step] ?? step) : result ? t.checkAgain : t.check}
      </button>
      {result && (
        <p class="banner info" role="status" data-testid="check-result">
          {result}
        </p>
      )}
    </section>
  );
}

function ShareSection({ t, join, canShare }: { t: JoinTexts; join: JoinState; canShare: boolean }) {
  const [refused, setRefused] = useState(false);
  if (!canShare) return <p class="hint">{t.noShareHere}</p>;
  if (join.sharing) {
    return (
      <section class="sharing" aria-live="polite">
        <p class="banner ok" role="status" data-testid="sharing">
          {t.sharing}
        </p>
        <button type="button" class="danger" onClick={() => void join.stop('sharing stopped on the page')}>
          {t.stopSharing}
        </button>
      </section>
    );
  }
  return (
    <section>
      <button type="button" onClick={() => void join.startSharing().then((ok) => setRefused(!ok))}>
        {t.share}
      </button>
      <p class="hint">{t.shareHint}</p>
      {refused && (
        <p class="banner error" role="alert">
          {t.shareRefused}
        </p>
      )}
    </section>
  );
}

/** "Let the engineer control my PC": the agent program for this system, and the same code. */
function ControlSection({ t, join, offer }: { t: JoinTexts; join: JoinState; offer: RemoteControlOffer | null }) {
  const [open, setOpen] = useState(false);
  const [build, setBuild] = useState<AgentBuildListing | null | undefined>(undefined);
  const show = async () => {
    setOpen(true);
    if (!offer?.offered) return;
    const listed = AgentBuildListing.array().safeParse(await fetch('/api/agent/builds').then((r) => r.json()).catch(() => null));
    setBuild((listed.success ? listed.data : []).find((b) => b.target === offer.target) ?? null);
  };
  return (
    <section aria-labelledby="control-title">
      <button type="button" id="control-title" onClick={() => void show()} aria-expanded={open}>
        {t.control}
      </button>
      {open && offer && !offer.offered && offer.reason !== 'in_policy' && (
        <p class="banner info" data-testid="control-not-offered">
          {t.controlNotOffered[offer.reason]}
        </p>
      )}
      {open && offer?.offered && (
        <div class="control-offer" data-testid="control-offer">
          <p>{t.controlIntro}</p>
          {build === null && <p class="banner info">{t.controlNoBuild}</p>}
          {build && (
            <p>
              <a href={build.url} download data-testid="agent-download">
                {t.controlDownload(t.systems[build.target] ?? build.target)}
              </a>{' '}
              <span class="hint">
                ({build.file}, SHA-256 <code>{build.sha256.slice(0, 16)}…</code>)
              </span>
            </p>
          )}
          <p>{t.controlCode(formatJoinCode(join.code))}</p>
          <button type="button" class="primary" onClick={() => void join.handOver()} disabled={!build}>
            {t.controlContinue}
          </button>
        </div>
      )}
    </section>
  );
}

function ChatSection({ t, join }: { t: JoinTexts; join: JoinState }) {
  const [text, setText] = useState('');
  const send = (e: Event) => {
    e.preventDefault();
    const message = text.trim();
    if (!message) return;
    setText('');
    void join.sendChat(message).catch(() => setText(message));
  };
  return (
    <section aria-labelledby="chat-title" class="chat">
      <h2 id="chat-title">{t.chatTitle}</h2>
      <ol aria-live="polite" data-testid="chat">
        {join.chat.map((line, i) => (
          <li key={i} class={line.from}>
            <strong>{line.from === 'you' ? t.you : line.name}:</strong> {line.text}
          </li>
        ))}
      </ol>
      <form onSubmit={send} class="inline">
        <label for="chat-input" class="visually-hidden">
          {t.chatLabel}
        </label>
        <input id="chat-input" maxLength={2000} placeholder={t.chatLabel} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button type="submit">{t.chatSend}</button>
      </form>
    </section>
  );
}

/** The engineer's extension request, answered like the consent: the text, a typed name, a real click. */
function ExtensionPrompt({ t, lang, join }: { t: JoinTexts; lang: Lang; join: JoinState }) {
  const now = useTick(1000);
  const [name, setName] = useState('');
  const pending = join.extension;
  if (!pending) return null;
  const { request } = pending;
  const answer = (e: MouseEvent, decision: 'accept' | 'decline') => {
    if (!e.isTrusted) return;
    void join.answerExtension(decision, name);
  };
  return (
    <section class="card extension" role="alertdialog" aria-labelledby="extension-title" data-testid="extension">
      <h2 id="extension-title">{t.extensionTitle}</h2>
      <p>{t.extensionAsk(request.engineerName, request.minutes, request.newTotalMinutes)}</p>
      <p>
        {t.extensionReason} {request.reason}
      </p>
      <pre class="consent-text">{EXTENSION_CONSENT[lang]}</pre>
      <label for="extension-name">{t.nameLabel}</label>
      <input id="extension-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <p class="hint" role="timer">
        {t.answerWithin(pending.answerBy - now)}
      </p>
      <div class="actions">
        <button type="button" onClick={(e) => answer(e, 'decline')}>
          {t.extensionDecline}
        </button>
        <button type="button" class="primary" disabled={name.trim() === ''} onClick={(e) => answer(e, 'accept')}>
          {t.extensionAccept}
        </button>
      </div>
    </section>
  );
}

/** The running session: time left, warnings, what the user can do, chat, and ending it. */
export function SessionPanel({ t, lang, join }: { t: JoinTexts; lang: Lang; join: JoinState }) {
  return (
    <div class="session">
      <TimeLeft t={t} endsAt={join.endsAt} />
      {join.warningMinutes !== null && (
        <p class="banner warn" role="alert" data-testid="warning">
          {t.warning(join.warningMinutes)}
        </p>
      )}
      {join.notice === 'extended' && (
        <p class="banner info" role="status" data-testid="extended">
          {t.extended}
        </p>
      )}
      <ExtensionPrompt t={t} lang={lang} join={join} />
      <section class="card" aria-labelledby="actions-title">
        <h2 id="actions-title">{t.actionsTitle}</h2>
        <CheckSection t={t} join={join} />
        <ShareSection t={t} join={join} canShare={join.canShare} />
        <ControlSection t={t} join={join} offer={join.offer} />
      </section>
      <div class="card">
        <ChatSection t={t} join={join} />
      </div>
      <button type="button" class="danger end" onClick={() => void join.stop('ended on the page')}>
        {t.end}
      </button>
    </div>
  );
}

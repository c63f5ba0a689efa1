import { useEffect, useState } from 'preact/hooks';
import { SESSION_CONSENT } from '../../../shared/consent.js';
import { normaliseJoinCode, type ConsentRequest } from '../../../shared/protocol/session.js';
import type { Phase } from './useJoin.js';
import type { JoinTexts, Lang } from './texts.js';

/** Re-renders every `ms`, for countdowns. */
export function useTick(ms: number): number {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function refusalText(t: JoinTexts, refusal: Extract<Phase, { kind: 'code' }>['refusal']): string | null {
  if (!refusal) return null;
  if (refusal.code === 'RATE_LIMITED') return t.refused.RATE_LIMITED(refusal.retryAfterSeconds ?? 60);
  const known = t.refused as Record<string, unknown>;
  const text = known[refusal.code];
  return typeof text === 'string' ? text : t.refused.generic;
}

/** The code, as the user types it: spaces and dashes allowed, nine digits needed. */
export function CodeForm({ t, phase, onJoin }: { t: JoinTexts; phase: Extract<Phase, { kind: 'code' | 'joining' }>; onJoin: (code: string) => void }) {
  const [value, setValue] = useState('');
  const [formatError, setFormatError] = useState(false);
  const refusal = phase.kind === 'code' ? refusalText(t, phase.refusal) : null;
  const submit = (e: Event) => {
    e.preventDefault();
    const code = normaliseJoinCode(value);
    setFormatError(code === null);
    if (code) onJoin(code);
  };
  return (
    <form class="card" onSubmit={submit}>
      <p>{t.intro}</p>
      <label id="code-label" for="join-code">
        {t.codeLabel}
      </label>
      <input id="join-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={13} required value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} aria-describedby="code-help" />
      <p id="code-help" class="hint">
        {t.codeFormat}
      </p>
      {(formatError || refusal) && (
        <p class="banner error" role="alert" data-testid="join-refusal">
          {formatError ? t.codeFormat : refusal}
        </p>
      )}
      <button type="submit" class="primary" disabled={phase.kind === 'joining'}>
        {phase.kind === 'joining' ? t.joining : t.codeSubmit}
      </button>
    </form>
  );
}

/**
 * Who asks, what they will be able to do, the limits and the consent text — this page's own copy,
 * whose hash the server must know. Only a real click of the user's consents (`isTrusted`), and
 * only with a name typed; the time to answer is the server's (what is left of its consent timer).
 */
export function ConsentForm({ t, lang, consent, answerBy, textMatches, onAnswer }: { t: JoinTexts; lang: Lang; consent: ConsentRequest; answerBy: number; textMatches: boolean; onAnswer: (decision: 'accept' | 'decline', name: string, observers: boolean) => Promise<void> }) {
  const now = useTick(1000);
  const [name, setName] = useState('');
  const [observers, setObservers] = useState(false);
  const [busy, setBusy] = useState(false);
  const [unsent, setUnsent] = useState(false);
  const answer = (e: MouseEvent, decision: 'accept' | 'decline') => {
    if (!e.isTrusted || busy) return;
    setBusy(true);
    setUnsent(false);
    // An answer the server did not take (no reply in time, the link away) may be given again.
    onAnswer(decision, name, observers).catch((error: unknown) => {
      console.warn('consent answer not recorded', error);
      setBusy(false);
      setUnsent(true);
    });
  };
  return (
    <section class="card" aria-labelledby="consent-title">
      <p class="who" data-testid="who-asks">
        {t.whoAsks(consent.engineerName, consent.helpdeskName, consent.caseRef)}
      </p>
      <p>{t.canDo}</p>
      <ul data-testid="capabilities">
        {consent.capabilities.map((c) => (
          <li key={c}>{t.capabilities[c]}</li>
        ))}
      </ul>
      <p>{t.logged}</p>
      <p>{t.stopAnytime}</p>
      <p data-testid="time-limit">{t.timeLimit(consent.timeLimitMinutes, consent.maxTotalMinutes)}</p>
      <h2 id="consent-title">{t.consentTitle}</h2>
      <pre class="consent-text" data-testid="consent-text" data-version={SESSION_CONSENT.version}>
        {SESSION_CONSENT[lang]}
      </pre>
      {unsent && (
        <p class="banner error" role="alert" data-testid="answer-unsent">
          {t.answerUnsent}
        </p>
      )}
      {!textMatches && (
        <p class="banner error" role="alert">
          {t.textMismatch}
        </p>
      )}
      <label for="consent-name">{t.nameLabel}</label>
      <input id="consent-name" autoComplete="name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <label class="check">
        <input type="checkbox" checked={observers} onChange={(e) => setObservers((e.target as HTMLInputElement).checked)} /> {t.observers}
      </label>
      <p class="hint" role="timer">
        {t.answerWithin(answerBy - now)}
      </p>
      <div class="actions">
        <button type="button" onClick={(e) => answer(e, 'decline')} disabled={busy}>
          {t.decline}
        </button>
        <button type="button" class="primary" onClick={(e) => answer(e, 'accept')} disabled={busy || !textMatches || name.trim() === ''}>
          {t.accept}
        </button>
      </div>
    </section>
  );
}

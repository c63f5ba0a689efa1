import { useState } from 'preact/hooks';
import { formatJoinCode } from '../../../shared/protocol/session.js';
import { CodeForm, ConsentForm } from './entryViews.js';
import { SessionPanel } from './sessionViews.js';
import { JOIN_TEXTS, type Lang } from './texts.js';
import { useJoin, type JoinState } from './useJoin.js';

/** The language the server chose from Accept-Language (or `?lang=`), written into `<html lang>`. */
const initialLanguage = (): Lang => (document.documentElement.lang === 'en' ? 'en' : 'ko');

function Phase({ join, lang }: { join: JoinState; lang: Lang }) {
  const t = JOIN_TEXTS[lang];
  const { phase } = join;
  switch (phase.kind) {
    case 'code':
    case 'joining':
      return <CodeForm t={t} phase={phase} onJoin={(code) => void join.join(code)} />;
    case 'consent':
      return <ConsentForm t={t} lang={lang} consent={phase.consent} answerBy={phase.answerBy} textMatches={phase.textMatches} onAnswer={(d, name, observers) => join.answerConsent(d, name, observers)} />;
    case 'session':
      return <SessionPanel t={t} lang={lang} join={join} />;
    case 'handedOver':
      return (
        <p class="card banner info" role="status" data-testid="handed-over">
          {t.controlReady(formatJoinCode(join.code), Math.max(1, Math.round((Date.parse(phase.expiresAt) - Date.now()) / 60_000)))}
        </p>
      );
    case 'ended':
      return (
        <section class="card" role="status" data-testid="ended">
          <p>{t.ended[phase.reason]}</p>
          <p>{t.closePage}</p>
        </section>
      );
  }
}

/** The end user's page at /join: no login, no install; Korean or English. */
export function JoinApp() {
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const join = useJoin(lang);
  const t = JOIN_TEXTS[lang];
  const switchTo = (next: Lang) => {
    document.documentElement.lang = next;
    setLang(next);
  };
  return (
    <main class="join">
      <header>
        <h1>{t.title}</h1>
        <button type="button" class="link" lang={lang === 'ko' ? 'en' : 'ko'} onClick={() => switchTo(lang === 'ko' ? 'en' : 'ko')}>
          {t.otherLanguage}
        </button>
      </header>
      <Phase join={join} lang={lang} />
    </main>
  );
}

import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo, useState } from 'preact/hooks';
import { DEFAULT_TIME_ZONE } from '../../../shared/policy.js';
import { en, type Messages } from './en.js';
import { dateFormats, type DateFormats } from './dates.js';
import { ko } from './ko.js';

export type Language = 'ko' | 'en';
const DICTIONARIES: Record<Language, Messages> = { en, ko };
const STORAGE_KEY = 'remote-assist.language';

interface I18n {
  lang: Language;
  t: Messages;
  /** Dates and times in the HelpDesk's zone, in the chosen language. */
  fmt: DateFormats;
  setLang: (lang: Language) => void;
  /** The HelpDesk's zone, as the server says once logged in (until then the default). */
  setTimeZone: (timeZone: string) => void;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'ko' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'ko';
}

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: DICTIONARIES[lang],
      fmt: dateFormats(lang, timeZone),
      setLang: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next;
        setLangState(next);
      },
      setTimeZone,
    }),
    [lang, timeZone],
  );
  document.documentElement.lang = lang;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

import { EXTENSION_CONSENT, SESSION_CONSENT } from '../../shared/consent.js';
import type { ControlState } from '../../shared/protocol/dataChannel.js';
import { DIAGNOSTIC_CHECKS } from '../../shared/protocol/diagnostics.js';
import type { ConsentRequest, ExtensionRequest } from '../../shared/protocol/session.js';
import type { Language } from '../i18n.js';
import { clockText, type WindowWords } from './messages.js';
import type { Button, Row, Screen } from './screen.js';
import type { ChatLine } from './types.js';

/** The windows' content, from their state: pure, so the flows and both hosts agree on it. */

const LANGUAGE = 'language';
const button = (id: string, label: string, enabled = true, isDefault = false): Button => ({ id, label, enabled, isDefault });
const languageButton = (w: WindowWords) => button(LANGUAGE, w.otherLanguage);
export const LANGUAGE_BUTTON = LANGUAGE;

export interface CodeState { value: string; problem: string | null; connecting: boolean }

export function codeScreen(w: WindowWords, s: CodeState): Screen {
  return {
    title: w.appTitle,
    width: 400,
    topmost: false,
    place: 'center',
    focus: 'code',
    rows: [
      { kind: 'text', id: 'heading', text: w.appTitle, style: 'title' },
      { kind: 'text', id: 'intro', text: w.codeIntro, style: 'body' },
      { kind: 'field', id: 'code', label: w.codeLabel, value: s.value, maxLength: 11 },
      { kind: 'text', id: 'status', text: s.connecting ? w.connecting : (s.problem ?? ''), style: 'note' },
      { kind: 'buttons', id: 'actions', buttons: [button('connect', w.connect, !s.connecting, true), languageButton(w)] },
    ],
  };
}

export interface ConsentState {
  name: string;
  allowObservers: boolean;
  /** Accept counts only once this is true: a click landing as the window appears is not an answer. */
  armed: boolean;
  secondsLeft: number;
  sha256: string;
}

function capabilityLines(w: WindowWords, request: ConsentRequest, language: Language): string {
  const lines: string[] = [];
  for (const capability of request.capabilities) {
    lines.push(`•  ${w.shared.capability[capability] ?? capability}`);
    if (capability === 'diagnostics') {
      for (const id of request.diagnostics) lines.push(`      –  ${DIAGNOSTIC_CHECKS.find((c) => c.id === id)?.[language] ?? id}`);
    }
  }
  return lines.join('\n');
}

function answerRows(w: WindowWords, s: ConsentState, withObservers: boolean): Row[] {
  const canAccept = s.armed && nameIsValid(s.name);
  return [
    { kind: 'field', id: 'name', label: w.nameLabel, value: s.name, maxLength: 100 },
    ...(withObservers ? [{ kind: 'check', id: 'observers', label: w.observers, checked: s.allowObservers } satisfies Row] : []),
    { kind: 'text', id: 'deadline', text: `${w.answerWithin(s.secondsLeft)} ${w.acceptHint}`, style: 'note' },
    // Decline first and Accept never the default: Enter or a stray key cannot consent.
    { kind: 'buttons', id: 'answer', buttons: [button('decline', w.decline), button('accept', w.accept, canAccept), languageButton(w)] },
  ];
}

export function nameIsValid(name: string): boolean {
  const trimmed = name.trim();
  return trimmed.length > 0 && trimmed.length <= 100;
}

export function consentScreen(w: WindowWords, language: Language, request: ConsentRequest, s: ConsentState): Screen {
  return {
    title: `${w.appTitle} — ${w.shared.consentTitle}`,
    width: 600,
    topmost: true,
    place: 'center',
    focus: 'name',
    rows: [
      { kind: 'text', id: 'heading', text: w.shared.consentTitle, style: 'title' },
      { kind: 'text', id: 'who', text: `${w.shared.who(request.engineerName, request.helpdeskName)}\n${w.shared.caseRef(request.caseRef)}`, style: 'body' },
      { kind: 'text', id: 'can-do', text: `${w.shared.canDo}\n${capabilityLines(w, request, language)}`, style: 'body' },
      { kind: 'text', id: 'terms', text: `${w.shared.logged}\n${w.shared.timeLimit(request.timeLimitMinutes, request.maxTotalMinutes)}\n${w.stopAnytime}`, style: 'body' },
      { kind: 'textbox', id: 'consent-text', label: w.consentTextLabel, text: SESSION_CONSENT[language], lines: 6, follow: 'start' },
      { kind: 'text', id: 'version', text: w.textVersion(SESSION_CONSENT.version, s.sha256), style: 'note' },
      ...answerRows(w, s, true),
    ],
  };
}

export function extensionScreen(w: WindowWords, language: Language, request: ExtensionRequest, s: ConsentState): Screen {
  return {
    title: `${w.appTitle} — ${w.shared.extensionTitle}`,
    width: 520,
    topmost: true,
    place: 'center',
    focus: 'name',
    rows: [
      { kind: 'text', id: 'heading', text: w.shared.extensionTitle, style: 'title' },
      { kind: 'text', id: 'request', text: w.shared.extension(request.engineerName, request.minutes, request.reason, request.newTotalMinutes), style: 'body' },
      { kind: 'textbox', id: 'consent-text', label: w.consentTextLabel, text: EXTENSION_CONSENT[language], lines: 5, follow: 'start' },
      { kind: 'text', id: 'version', text: w.textVersion(EXTENSION_CONSENT.version, s.sha256), style: 'note' },
      ...answerRows(w, s, false),
    ],
  };
}

export interface PanelView { msLeft: number; control: ControlState; notice: string; chat: ChatLine[]; draft: string }

export function panelScreen(w: WindowWords, s: PanelView): Screen {
  const chat = s.chat.map((line) => `${line.from === 'user' ? w.you : line.name}: ${line.text}`).join('\n');
  const pauseLabel = s.control === 'paused' ? w.resume : w.pauseControl;
  return {
    title: w.panelTitle,
    width: 320,
    topmost: true,
    place: 'corner',
    focus: null,
    rows: [
      { kind: 'text', id: 'time-left', text: w.timeLeft(clockText(s.msLeft)), style: 'title' },
      { kind: 'text', id: 'control', text: w.control[s.control], style: 'body' },
      { kind: 'buttons', id: 'session', buttons: [button('pause', pauseLabel, s.control === 'on' || s.control === 'paused'), button('stop', w.stop)] },
      { kind: 'text', id: 'notice', text: s.notice, style: 'note' },
      { kind: 'textbox', id: 'chat', label: w.chatLabel, text: chat, lines: 5, follow: 'end' },
      { kind: 'field', id: 'message', label: w.messageLabel, value: s.draft, maxLength: 2000 },
      { kind: 'buttons', id: 'chat-actions', buttons: [button('send', w.send, s.draft.trim().length > 0, true), languageButton(w)] },
    ],
  };
}

export function endedScreen(w: WindowWords, text: string): Screen {
  return {
    title: w.appTitle,
    width: 400,
    topmost: false,
    place: 'center',
    focus: 'close',
    rows: [
      { kind: 'text', id: 'heading', text: w.endedTitle, style: 'title' },
      { kind: 'text', id: 'reason', text, style: 'body' },
      { kind: 'buttons', id: 'actions', buttons: [button('close', w.close, true, true), languageButton(w)] },
    ],
  };
}

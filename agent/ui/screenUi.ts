import type { Clock } from '../../shared/clock.js';
import { type ConsentText, EXTENSION_CONSENT, SESSION_CONSENT } from '../../shared/consent.js';
import { type ConsentRequest, type ExtensionRequest, normaliseJoinCode } from '../../shared/protocol/session.js';
import type { Language } from '../i18n.js';
import { endedText, words, type WindowWords } from './messages.js';
import { PanelFlow } from './panelFlow.js';
import { QuestionFlow } from './questionFlow.js';
import type { ScreenHost, ScreenWindow } from './screen.js';
import { codeScreen, consentScreen, endedScreen, extensionScreen, LANGUAGE_BUTTON } from './screens.js';
import type { AgentUi, CodeProblem, ConsentOutcome, EndedReason, ExtensionOutcome, PanelEvents, PanelState, Prompt, SessionPanel } from './types.js';

type CodeShown = { window: ScreenWindow; value: string; problem: CodeProblem | 'format' | null; connecting: boolean; answer: ((code: string | null) => void) | null };

/** Anything on screen that redraws when the user switches language, and can be withdrawn. */
interface Shown {
  render(): void;
  withdraw(reason: string): void;
}

/**
 * The agent's windows on any host: code entry, consent, extension, the session panel, the end.
 * The flows live here once; a host (Win32, loopback page) only draws and reports clicks.
 */
export class ScreenUi implements AgentUi {
  private current: Language;
  private code: CodeShown | null = null;
  private readonly shown = new Set<Shown>();

  /** `language`: the user's explicit choice (`--lang`); else the system's UI language. */
  constructor(
    private readonly host: ScreenHost,
    private readonly clock: Clock,
    language: Language = host.systemLanguage,
  ) {
    this.current = language;
  }

  get language(): Language {
    return this.current;
  }

  askCode(problem?: CodeProblem): Promise<string | null> {
    return new Promise((answer) => {
      if (this.code) {
        // Asked again before the last answer was used: that one gets nothing.
        this.code.answer?.(null);
        Object.assign(this.code, { problem: problem ?? null, connecting: false, answer });
        return this.renderCode();
      }
      const state = { value: '', problem: problem ?? null, connecting: false, answer };
      const window = this.host.open(codeScreen(this.words(), this.codeState(state)), {
        input: (id, value) => {
          if (id === 'code' && this.code) this.code.value = value;
        },
        activate: (id) => this.onCodeAction(id),
        closed: () => this.closeCode(),
      });
      this.code = { ...state, window };
    });
  }

  showConsent(request: ConsentRequest, answerBy: number): Prompt<ConsentOutcome> {
    this.closeCode();
    return this.ask(SESSION_CONSENT, answerBy, (state) => consentScreen(this.words(), this.current, request, state));
  }

  showExtension(request: ExtensionRequest, answerBy: number): Prompt<ExtensionOutcome> {
    const prompt = this.ask(EXTENSION_CONSENT, answerBy, (state) => extensionScreen(this.words(), this.current, request, state));
    const result = prompt.result.then((outcome): ExtensionOutcome => (outcome.kind === 'accept' ? { kind: 'accept', typedName: outcome.typedName, language: outcome.language } : outcome));
    return { result, close: (reason) => prompt.close(reason) };
  }

  showPanel(state: PanelState, events: PanelEvents): SessionPanel {
    this.closeCode();
    const entry: Shown = { render: () => panel.render(), withdraw: () => panel.close() };
    const panel = new PanelFlow({ host: this.host, clock: this.clock, words: () => this.words(), toggleLanguage: () => this.toggleLanguage(), done: () => this.shown.delete(entry) }, state, events);
    this.shown.add(entry);
    return panel;
  }

  showEnded(reason: EndedReason, detail = ''): Promise<void> {
    this.closeCode();
    for (const entry of [...this.shown]) entry.withdraw(`session ended: ${reason}`);
    return new Promise((resolve) => {
      const screen = () => endedScreen(this.words(), endedText(this.words().shared, reason, detail));
      const entry: Shown = { render: () => ended.update(screen()), withdraw: () => finish() };
      const finish = () => {
        if (!this.shown.delete(entry)) return;
        ended.close();
        resolve();
      };
      const ended = this.host.open(screen(), {
        input: () => undefined,
        activate: (id) => (id === LANGUAGE_BUTTON ? this.toggleLanguage() : id === 'close' ? finish() : undefined),
        closed: finish,
      });
      this.shown.add(entry);
    });
  }

  close(): void {
    this.closeCode();
    for (const entry of [...this.shown]) entry.withdraw('the agent is closing');
    this.host.close();
  }

  private ask(text: ConsentText, answerBy: number, screen: ConstructorParameters<typeof QuestionFlow>[0]['screen']): Prompt<ConsentOutcome> {
    const entry: Shown = { render: () => flow.render(), withdraw: (reason) => flow.prompt.close(reason) };
    const flow = new QuestionFlow({
      host: this.host,
      clock: this.clock,
      language: () => this.current,
      toggleLanguage: () => this.toggleLanguage(),
      text,
      answerBy,
      screen,
      done: () => this.shown.delete(entry),
    });
    this.shown.add(entry);
    return flow.prompt;
  }

  private onCodeAction(id: string): void {
    const code = this.code;
    if (!code) return;
    if (id === LANGUAGE_BUTTON) return this.toggleLanguage();
    if (id !== 'connect' || code.connecting || !code.answer) return;
    const digits = normaliseJoinCode(code.value);
    if (!digits) {
      code.problem = 'format';
      return this.renderCode();
    }
    code.connecting = true;
    code.problem = null;
    this.renderCode();
    const answer = code.answer;
    code.answer = null;
    answer(digits);
  }

  private codeState(code: Pick<CodeShown, 'value' | 'connecting' | 'problem'>) {
    return { value: code.value, connecting: code.connecting, problem: code.problem ? this.problemText(code.problem) : null };
  }

  private problemText(problem: CodeProblem | 'format'): string {
    const w = this.words();
    if (problem === 'format') return w.codeFormat;
    if (problem.kind === 'invalid') return w.shared.codeInvalid;
    if (problem.kind === 'expired') return w.shared.codeExpired;
    return w.shared.rateLimited(problem.retryAfterSeconds);
  }

  private renderCode(): void {
    if (this.code) this.code.window.update(codeScreen(this.words(), this.codeState(this.code)));
  }

  /** Closes the code window; a question still open there answers null (nothing was entered). */
  private closeCode(): void {
    const code = this.code;
    if (!code) return;
    this.code = null;
    code.window.close();
    code.answer?.(null);
  }

  private toggleLanguage(): void {
    this.current = this.current === 'ko' ? 'en' : 'ko';
    this.renderCode();
    for (const entry of this.shown) entry.render();
  }

  private words(): WindowWords {
    return words(this.current);
  }
}

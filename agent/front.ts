import type { ControlState } from '../shared/protocol/dataChannel.js';
import type { ConsentAnswer, ConsentRequest, ExtensionRequest } from '../shared/protocol/session.js';
import type { Clock } from '../shared/clock.js';
import { askExtensionConsent, askSessionConsent, type PromptLimits, type PromptResult } from './consentPrompt.js';
import type { Language, Messages } from './i18n.js';
import type { Terminal } from './terminal.js';
import { endedText, noticeText, words } from './ui/messages.js';
import type { ChatLine, CodeProblem, EndedReason, PanelNotice } from './ui/types.js';

/** An extension's answer, with the language its text was read in. */
export type ExtensionAnswerFields = { textVersion: string; textSha256: string; typedName: string; language: Language };

/** What the user does while the session runs: pause/resume, stop (and why, for the log), chat. */
export interface FrontEvents {
  togglePause(): void;
  stop(why: string): void;
  chat(text: string): void;
}

/**
 * The user's side of a session, as the session sees it: the terminal (`npm run agent`,
 * `--terminal`) or the agent's own windows (the single-file builds). Whichever it is, only the
 * user's own answer there consents; the session cannot answer for them.
 */
export interface UserFront {
  /** The language the user reads now (the windows can switch it). */
  readonly language: Language;
  /** A refused code is asked again in the windows; at the terminal an expired code or too many tries end the attempt. */
  readonly asksAgainAfterRefusal: boolean;
  welcome(logPath: string): void;
  /** The 9-digit code; null when the user gives none (closed the window, end of input). */
  askCode(problem: CodeProblem | null): Promise<string | null>;
  /** The server refused a code (said at once at the terminal; the windows say it when they ask again). */
  codeRefused(problem: CodeProblem): void;
  connecting(serverUrl: string): void;
  askConsent(request: ConsentRequest, limits: PromptLimits): Promise<PromptResult<ConsentAnswer>>;
  askExtension(request: ExtensionRequest, limits: PromptLimits): Promise<PromptResult<ExtensionAnswerFields>>;
  /** Consent recorded: the session panel (or the terminal's commands) from now on. */
  started(remainingMs: number, control: ControlState, events: FrontEvents): void;
  control(state: ControlState): void;
  /** The server's word on the time left (a warning, a new deadline). */
  remaining(remainingMs: number): void;
  extended(remainingMs: number): void;
  notice(notice: PanelNotice): void;
  chat(line: ChatLine): void;
  /** Says why the session (or the attempt) ended; resolves once the user has seen it (closed the window). */
  ended(reason: EndedReason, detail?: string): Promise<void>;
  close(): void;
}

/**
 * The terminal: what the agent has always printed, answered by typing. Lines typed while no
 * question is open are the commands (p, q, c <message>).
 */
export class TerminalFront implements UserFront {
  readonly asksAgainAfterRefusal = false;
  private readonly m: Messages;

  constructor(
    private readonly terminal: Terminal,
    readonly language: Language,
    private readonly clock: Clock,
  ) {
    this.m = words(language).shared;
  }

  welcome(logPath: string): void {
    this.terminal.print(this.m.banner);
    this.terminal.print(this.m.logFile(logPath));
  }

  askCode(): Promise<string | null> {
    return this.terminal.ask(this.m.askCode);
  }

  codeRefused(problem: CodeProblem): void {
    if (problem.kind === 'invalid') this.terminal.print(this.m.codeInvalid);
  }

  connecting(serverUrl: string): void {
    this.terminal.print(this.m.connecting(serverUrl));
  }

  askConsent(request: ConsentRequest, limits: PromptLimits): Promise<PromptResult<ConsentAnswer>> {
    return askSessionConsent(this.promptDeps(), request, limits);
  }

  async askExtension(request: ExtensionRequest, limits: PromptLimits): Promise<PromptResult<ExtensionAnswerFields>> {
    const result = await askExtensionConsent(this.promptDeps(), request, limits);
    return 'answer' in result ? { answer: { ...result.answer, language: this.language } } : result;
  }

  started(remainingMs: number, _control: ControlState, events: FrontEvents): void {
    this.terminal.print(this.m.accepted(Math.round(remainingMs / 60_000)));
    this.terminal.print(this.m.commands);
    this.terminal.onCommand((line) => {
      if (line === 'q') events.stop('the user typed q');
      else if (line === 'p') events.togglePause();
      else if (line.startsWith('c ') && line.length > 2) events.chat(line.slice(2));
    });
  }

  control(state: ControlState): void {
    if (state === 'on') this.terminal.print(this.m.controlOn);
    else if (state === 'off') this.terminal.print(this.m.controlOff);
    else if (state === 'paused') this.terminal.print(this.m.controlPaused);
  }

  remaining(remainingMs: number): void {
    this.terminal.print(this.m.remaining(Math.ceil(remainingMs / 60_000)));
  }

  extended(remainingMs: number): void {
    this.terminal.print(this.m.extended(Math.round(remainingMs / 60_000)));
  }

  notice(notice: PanelNotice): void {
    this.terminal.print(noticeText(words(this.language), notice));
  }

  chat(line: ChatLine): void {
    if (line.from === 'engineer') this.terminal.print(this.m.chatFrom(line.name, line.text));
  }

  ended(reason: EndedReason, detail = ''): Promise<void> {
    this.terminal.print(endedText(this.m, reason, detail));
    return Promise.resolve();
  }

  close(): void {
    this.terminal.close();
  }

  private promptDeps() {
    return { terminal: this.terminal, messages: this.m, language: this.language, clock: this.clock };
  }
}

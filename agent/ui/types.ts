import type { ControlState } from '../../shared/protocol/dataChannel.js';
import type { ConsentRequest, EndReason, ExtensionRequest } from '../../shared/protocol/session.js';
import type { Language } from '../i18n.js';

/**
 * The agent's windowed UI, as the session sees it (a port): code entry, consent, the session
 * panel, an extension request, and the end. One implementation per platform (Win32 windows on
 * Windows, a loopback page on Linux); the session never knows which.
 *
 * Consent comes only from the user's own click in these windows: the session cannot accept in
 * the user's place, and no server message, flag or environment variable reaches an `accept`.
 * While an extension window is open the engineer still has the mouse: the Win32 windows ignore
 * clicks the agent itself injected (see `AGENT_INPUT_MARK`), and the session should hold remote
 * control while it asks anyway.
 */
export interface AgentUi {
  /** The language the user reads now: by the system's UI language at start, switchable in every window. */
  readonly language: Language;
  /**
   * Asks for the 9-digit code; resolves with the nine digits, or null when the user closes the
   * window. `problem` says why the last code was refused. The window stays up, "connecting",
   * until the next call replaces it.
   */
  askCode(problem?: CodeProblem): Promise<string | null>;
  /** Shows the session consent until the user answers, `answerBy` (the UI clock's ms) passes, or the session closes it. */
  showConsent(request: ConsentRequest, answerBy: number): Prompt<ConsentOutcome>;
  /** An extension request, in a window of its own; same rules as the consent. */
  showExtension(request: ExtensionRequest, answerBy: number): Prompt<ExtensionOutcome>;
  /** The small always-on-top panel for the running session. */
  showPanel(state: PanelState, events: PanelEvents): SessionPanel;
  /**
   * Closes every other window and says why the session ended; resolves when the user closes it
   * (or on `close()`). `detail`: the server's reason for a refused device, the server address
   * for an unreachable one.
   */
  showEnded(reason: EndedReason, detail?: string): Promise<void>;
  /** Closes every window and stops the UI. */
  close(): void;
}

export type CodeProblem = { kind: 'invalid' } | { kind: 'expired' } | { kind: 'rate_limited'; retryAfterSeconds: number };

/** A question on screen: its answer, and a way for the session to withdraw it. */
export interface Prompt<T> {
  readonly result: Promise<T>;
  /** Closes the window; the result becomes `{ kind: 'closed', reason }` unless the user answered first. */
  close(reason: string): void;
}

type Unanswered = { kind: 'decline' } | { kind: 'timeout' } | { kind: 'closed'; reason: string };

/** `language` is the one the consent text was shown in when the user clicked Accept. */
export type ConsentOutcome = { kind: 'accept'; typedName: string; allowObservers: boolean; language: Language } | Unanswered;
export type ExtensionOutcome = { kind: 'accept'; typedName: string; language: Language } | Unanswered;

export interface PanelState {
  /** When the session's time runs out, on the UI's clock (ms). The panel counts down to it itself. */
  endsAt: number;
  control: ControlState;
}

export type ChatLine = { from: 'user' | 'engineer'; name: string; text: string };

/** Things the panel tells the user, rendered in the user's language. */
export type PanelNotice =
  | { kind: 'warning'; minutesLeft: number }
  | { kind: 'extended'; minutesLeft: number }
  | { kind: 'extension_lapsed' }
  | { kind: 'viewer_joined'; name: string; role: string }
  | { kind: 'diagnostics_run'; checks: number }
  | { kind: 'server_lost' }
  | { kind: 'server_back' };

export interface SessionPanel {
  update(state: Partial<PanelState>): void;
  chat(line: ChatLine): void;
  notice(notice: PanelNotice): void;
  close(): void;
}

/** What the user did in the panel. Stop needs no confirmation: stopping is always safe. */
export interface PanelEvents {
  /** Pause while control is on, resume while paused. */
  togglePause(): void;
  stop(): void;
  chat(text: string): void;
}

/** Why the session (or the attempt) ended: the server's reasons, and the agent's own. */
export type EndedReason =
  | EndReason
  | 'time_up'
  | 'declined'
  | 'unanswered'
  | 'text_mismatch'
  | 'device_refused'
  | 'unreachable'
  | 'too_many_codes'
  /** The code expired or was used already: the engineer gives a new one. */
  | 'code_refused'
  /** Too many wrong codes from here; `detail`: the seconds to wait. */
  | 'rate_limited'
  /** Something went wrong in the agent itself; `detail`: what, for the log's reader. */
  | 'failed';

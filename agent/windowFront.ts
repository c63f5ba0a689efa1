import type { Clock } from '../shared/clock.js';
import { type ConsentText, EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex } from '../shared/consent.js';
import type { ControlState } from '../shared/protocol/dataChannel.js';
import type { ConsentAnswer, ConsentRequest, ExtensionRequest } from '../shared/protocol/session.js';
import type { PromptLimits, PromptResult } from './consentPrompt.js';
import type { ExtensionAnswerFields, FrontEvents, UserFront } from './front.js';
import type { Language } from './i18n.js';
import type { AgentUi, ChatLine, CodeProblem, ConsentOutcome, EndedReason, PanelNotice, Prompt, SessionPanel } from './ui/types.js';

/**
 * How long the end window waits for the user to close it before the program leaves by itself:
 * long enough to read why; a user who walked away does not keep a finished program running.
 */
export const ENDED_SHOWN_MAX_MS = 5 * 60_000;

/** Whether this program's copy of a text, in both languages, is the one the server expects. */
async function textMatches(text: ConsentText, expected: { version: string; sha256: Record<Language, string> }): Promise<boolean> {
  if (expected.version !== text.version) return false;
  for (const language of ['ko', 'en'] as const) if ((await sha256Hex(text[language])) !== expected.sha256[language]) return false;
  return true;
}

/** A window's answer as a prompt result: only the user's click on Accept is an answer. */
function outcomeOf<T>(outcome: ConsentOutcome | { kind: 'accept'; typedName: string; language: Language }, answer: (o: Extract<typeof outcome, { kind: 'accept' }>) => Promise<T>): Promise<PromptResult<T>> {
  switch (outcome.kind) {
    case 'accept':
      return answer(outcome).then((a) => ({ answer: a }));
    case 'decline':
      return Promise.resolve({ declined: 'declined' });
    case 'timeout':
      return Promise.resolve({ declined: 'timeout' });
    case 'closed':
      return Promise.resolve({ declined: 'withdrawn' });
  }
}

/** Ties a window's question to the session's limits: withdrawn with the session, declined by silence at the deadline. */
async function asked<T extends { kind: string }>(prompt: Prompt<T>, limits: PromptLimits): Promise<T> {
  const withdraw = () => prompt.close('withdrawn');
  if (limits.withdrawn.aborted) withdraw();
  limits.withdrawn.addEventListener('abort', withdraw, { once: true });
  try {
    return await prompt.result;
  } finally {
    limits.withdrawn.removeEventListener('abort', withdraw);
  }
}

/**
 * The agent's own windows (`AgentUi`: Win32 windows on Windows, the loopback page on Linux) as
 * the session's user front. The consent text shown is the agent's own copy; it must be the one
 * the server expects in both languages (the user can switch), or the request is declined without
 * being shown.
 */
export class WindowFront implements UserFront {
  readonly asksAgainAfterRefusal = true;
  private panel: SessionPanel | null = null;

  constructor(
    private readonly ui: AgentUi,
    private readonly clock: Clock,
  ) {}

  get language(): Language {
    return this.ui.language;
  }

  welcome(): void {
    // The windows need no banner; the log's place is in the guide (docs/agent.md).
  }

  askCode(problem: CodeProblem | null): Promise<string | null> {
    return this.ui.askCode(problem ?? undefined);
  }

  codeRefused(): void {
    // Said in the code window when it asks again.
  }

  connecting(): void {
    // The code window says "Connecting…" from the click on Connect until the next window.
  }

  async askConsent(request: ConsentRequest, limits: PromptLimits): Promise<PromptResult<ConsentAnswer>> {
    if (!(await textMatches(SESSION_CONSENT, request.text))) return { declined: 'text_mismatch' };
    const outcome = await asked(this.ui.showConsent(request, limits.deadline), limits);
    return outcomeOf(outcome, async (o) => ({
      decision: 'accept' as const,
      textVersion: SESSION_CONSENT.version,
      textSha256: await sha256Hex(SESSION_CONSENT[o.language]),
      language: o.language,
      typedName: o.typedName,
      allowObservers: 'allowObservers' in o && o.allowObservers,
    }));
  }

  async askExtension(request: ExtensionRequest, limits: PromptLimits): Promise<PromptResult<ExtensionAnswerFields>> {
    if (!(await textMatches(EXTENSION_CONSENT, request.text))) return { declined: 'text_mismatch' };
    const outcome = await asked(this.ui.showExtension(request, limits.deadline), limits);
    return outcomeOf(outcome, async (o) => ({ textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT[o.language]), typedName: o.typedName, language: o.language }));
  }

  started(remainingMs: number, control: ControlState, events: FrontEvents): void {
    this.panel = this.ui.showPanel(
      { endsAt: this.clock.now() + remainingMs, control },
      { togglePause: () => events.togglePause(), stop: () => events.stop('the user clicked Stop'), chat: (text) => events.chat(text) },
    );
  }

  control(state: ControlState): void {
    this.panel?.update({ control: state });
  }

  remaining(remainingMs: number): void {
    this.panel?.update({ endsAt: this.clock.now() + remainingMs });
  }

  extended(remainingMs: number): void {
    this.remaining(remainingMs);
    this.notice({ kind: 'extended', minutesLeft: Math.round(remainingMs / 60_000) });
  }

  notice(notice: PanelNotice): void {
    this.panel?.notice(notice);
  }

  chat(line: ChatLine): void {
    this.panel?.chat(line);
  }

  ended(reason: EndedReason, detail?: string): Promise<void> {
    this.panel = null;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = this.clock.setTimeout(resolve, ENDED_SHOWN_MAX_MS)));
    return Promise.race([this.ui.showEnded(reason, detail), gaveUp]).finally(() => this.clock.clearTimeout(timer!));
  }

  close(): void {
    this.ui.close();
  }
}

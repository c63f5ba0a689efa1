import { EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex, type ConsentText } from '../shared/consent.js';
import type { Clock } from '../shared/clock.js';
import { DIAGNOSTIC_CHECKS } from '../shared/protocol/diagnostics.js';
import type { ConsentAnswer, ConsentRequest, ExtensionRequest } from '../shared/protocol/session.js';
import type { Language, Messages } from './i18n.js';
import type { Terminal } from './terminal.js';

/** `withdrawn`: the question was taken back (the session ended, or the request lapsed, meanwhile). */
export type PromptResult<T> = { answer: T } | { declined: 'declined' | 'timeout' | 'text_mismatch' | 'withdrawn' };

/**
 * How long a prompt waits past the server's deadline for the server's own word (the session
 * ended, the request lapsed): the server's timer decides, not a race between two clocks. The
 * prompt's own deadline matters only when the server is unreachable.
 */
export const SERVER_WORD_GRACE_MS = 2000;

/** When the prompt's answer is due (on the prompt's clock), and what withdraws it before that. */
export interface PromptLimits {
  deadline: number;
  withdrawn: AbortSignal;
}

interface PromptDeps {
  terminal: Terminal;
  messages: Messages;
  language: Language;
  clock: Clock;
}

/**
 * Asks until the user types one of the words, or the time runs out. Only the exact word counts:
 * consent is never inferred from an empty line or a stray key.
 */
async function askWord(d: PromptDeps, question: string, { deadline, withdrawn }: PromptLimits): Promise<'accept' | 'decline' | null> {
  for (;;) {
    const left = deadline - d.clock.now();
    if (left <= 0) return null;
    const answer = await d.terminal.ask(question, left, withdrawn);
    if (answer === null) return null;
    const word = answer.toLowerCase();
    if (d.messages.acceptWord.includes(word)) return 'accept';
    if (d.messages.declineWord.includes(word)) return 'decline';
  }
}

async function askName(d: PromptDeps, { deadline, withdrawn }: PromptLimits): Promise<string | null> {
  for (;;) {
    const left = deadline - d.clock.now();
    if (left <= 0) return null;
    const name = await d.terminal.ask(d.messages.askName, left, withdrawn);
    if (name === null) return null;
    if (name.length > 0 && name.length <= 100) return name;
  }
}

/** The text this agent shows is its own copy; it must be the one the server expects. */
async function ownText(text: ConsentText, language: Language, expected: { version: string; sha256: Record<Language, string> }) {
  const sha256 = await sha256Hex(text[language]);
  return { sha256, matches: expected.version === text.version && expected.sha256[language] === sha256 };
}

function describeRequest(d: PromptDeps, r: ConsentRequest): string[] {
  const m = d.messages;
  const lines = ['', `== ${m.consentTitle} ==`, m.who(r.engineerName, r.helpdeskName), m.caseRef(r.caseRef), '', m.canDo];
  for (const capability of r.capabilities) {
    lines.push(`  - ${m.capability[capability] ?? capability}`);
    if (capability === 'diagnostics') {
      for (const id of r.diagnostics) lines.push(`      · ${DIAGNOSTIC_CHECKS.find((c) => c.id === id)?.[d.language] ?? id}`);
    }
  }
  lines.push('', m.logged, m.timeLimit(r.timeLimitMinutes, r.maxTotalMinutes), m.stopAnytime, '');
  return lines;
}

/** Nothing answered: the time ran out, the input ended, or the question was withdrawn. */
function unanswered(limits: PromptLimits): { declined: 'timeout' | 'withdrawn' } {
  return { declined: limits.withdrawn.aborted ? 'withdrawn' : 'timeout' };
}

/**
 * The consent, asked where the user is. It shows who asks and what they may do, the time limit
 * and the consent text, and needs the typed word and name. No flag, setting or server message
 * can answer in the user's place; silence declines. The answer is due by `limits.deadline`,
 * which the caller takes from the server's consent timer.
 */
export async function askSessionConsent(d: PromptDeps, request: ConsentRequest, limits: PromptLimits): Promise<PromptResult<ConsentAnswer>> {
  for (const line of describeRequest(d, request)) d.terminal.print(line);
  const text = await ownText(SESSION_CONSENT, d.language, request.text);
  d.terminal.print(SESSION_CONSENT[d.language]);
  d.terminal.print(`(${SESSION_CONSENT.version}, SHA-256 ${text.sha256})`);
  d.terminal.print('');
  if (!text.matches) {
    d.terminal.print(d.messages.textMismatch);
    return { declined: 'text_mismatch' };
  }
  const decision = await askWord(d, d.messages.askAccept(Math.round(request.answerWithinMs / 1000)), limits);
  if (decision === null) return unanswered(limits);
  if (decision === 'decline') return { declined: 'declined' };
  const name = await askName(d, limits);
  if (name === null) return unanswered(limits);
  const observers = await askWord(d, d.messages.askObservers, limits);
  if (observers === null) return unanswered(limits);
  return {
    answer: { decision: 'accept', textVersion: SESSION_CONSENT.version, textSha256: text.sha256, language: d.language, typedName: name, allowObservers: observers === 'accept' },
  };
}

/** An extension is a consent of its own, asked the same way; it lapses with the request. */
export async function askExtensionConsent(d: PromptDeps, request: ExtensionRequest, limits: PromptLimits): Promise<PromptResult<{ textVersion: string; textSha256: string; typedName: string }>> {
  const m = d.messages;
  d.terminal.print('');
  d.terminal.print(`== ${m.extensionTitle} ==`);
  d.terminal.print(m.extension(request.engineerName, request.minutes, request.reason, request.newTotalMinutes));
  const text = await ownText(EXTENSION_CONSENT, d.language, request.text);
  d.terminal.print(EXTENSION_CONSENT[d.language]);
  if (!text.matches) {
    d.terminal.print(m.textMismatch);
    return { declined: 'text_mismatch' };
  }
  const decision = await askWord(d, m.askAccept(Math.round(Math.max(0, limits.deadline - d.clock.now()) / 1000)), limits);
  if (decision === null) return unanswered(limits);
  if (decision === 'decline') return { declined: 'declined' };
  const name = await askName(d, limits);
  if (name === null) return unanswered(limits);
  return { answer: { textVersion: EXTENSION_CONSENT.version, textSha256: text.sha256, typedName: name } };
}

import { EXTENSION_CONSENT, sha256Hex } from '../shared/consent.js';
import type { ExtensionRequest } from '../shared/protocol/session.js';
import { SERVER_WORD_GRACE_MS } from './consentPrompt.js';
import type { AgentDeps } from './sessionParts.js';

/**
 * The engineer's requests for more time, asked in a window of their own (or at the terminal). A
 * request is asked until
 * the server's expiry, counted from when it arrived; it is withdrawn the moment the server says
 * it lapsed or the session ends, so no late answer is sent and the user's next line is a command
 * again.
 */
export class ExtensionPrompt {
  private open: { requestId: string; lapsed: AbortController } | null = null;

  constructor(
    private readonly d: Pick<AgentDeps, 'channel' | 'log' | 'front'>,
    private readonly sessionEnded: AbortSignal,
  ) {}

  async ask(request: ExtensionRequest, receivedAt: number): Promise<void> {
    const { channel, log } = this.d;
    log.write('extension asked', `${request.minutes} min: ${request.reason}`);
    const lapsed = new AbortController();
    this.open = { requestId: request.requestId, lapsed };
    const result = await this.d.front.askExtension(request, {
      deadline: receivedAt + request.expiresInMs + SERVER_WORD_GRACE_MS,
      withdrawn: AbortSignal.any([this.sessionEnded, lapsed.signal]),
    });
    if (this.open?.requestId === request.requestId) this.open = null;
    if ('declined' in result && (result.declined === 'text_mismatch' || result.declined === 'withdrawn')) return;
    const answer = 'answer' in result ? { decision: 'accept' as const, ...result.answer } : { decision: 'decline' as const, ...(await this.declineAnswer()) };
    log.write('extension answered', answer.decision);
    await channel.request('agent:extension-answer', { requestId: request.requestId, ...answer }).catch((error: unknown) => log.write('extension answer refused', String(error)));
  }

  /** The server says the request lapsed unanswered. */
  lapsed(requestId: string): void {
    if (this.open?.requestId === requestId) this.open.lapsed.abort();
  }

  private async declineAnswer() {
    const language = this.d.front.language;
    return { textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT[language]), typedName: '-', language };
  }
}

import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import { runPeriodically } from '../periodic.js';
import type { OutboxRecord, Repositories, Store } from '../store/types.js';
import type { MailTransport } from './transport.js';

const MINUTE = 60_000;
/**
 * How long a node holds a claimed message before another may try it (the holder died). Longer
 * than an SMTP delivery can take (`transport.ts` bounds it to about two minutes), so a slow
 * delivery is never sent twice.
 */
const CLAIM_MS = 5 * MINUTE;
const BATCH = 20;
/** Retry after 1, 2, 4, … minutes, at most an hour apart; a message is never given up. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts - 1));
}

const iso = (ms: number) => new Date(ms).toISOString();

export type NewMail = Pick<OutboxRecord, 'kind' | 'recipient' | 'subject' | 'html' | 'text' | 'attachments'>;

/** Puts a message in the outbox inside the caller's transaction: it is sent only if that commits. */
export async function enqueueMail(tx: Repositories, nowMs: number, mail: NewMail): Promise<OutboxRecord> {
  const now = new Date(nowMs).toISOString();
  return tx.outbox.insert({ ...mail, nextAttemptAt: now, createdAt: now, reference: null });
}

/**
 * Delivers what is due in the outbox, one run at a time. Every node runs one, and each message
 * is first claimed in a transaction, so exactly one node delivers it. A failure is recorded on
 * the message with the next attempt's time; the message stays `pending` until it goes through.
 * The one case a message can go out twice: its node dies after the SMTP server took it and
 * before the delivery is recorded; then another node sends it again once the claim lapses (the
 * same `X-RemoteAssist-Outbox-Id` header on both copies tells them apart).
 */
export class OutboxWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private schedule: { stop(): Promise<void> } | null = null;
  private stopped = false;

  constructor(
    private readonly deps: { store: Store; clock: Clock; logger: Logger; transport: MailTransport; nodeId: string },
  ) {}

  /** Delivers now whatever is due (called after an enqueue commits, and by the timer). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'outbox run failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  /** Checks the outbox every minute (on the injected clock) for retries that fell due. */
  start(): void {
    this.schedule = runPeriodically(this.deps.clock, MINUTE, () => this.kick(), this.deps.logger, 'outbox');
  }

  /** Stops the schedule and waits for a delivery under way, so the store can be closed after. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.schedule?.stop();
    await this.running;
    this.deps.transport.close();
  }

  private async run(): Promise<void> {
    for (;;) {
      const { store, clock, nodeId } = this.deps;
      const now = clock.now();
      const claimed = await store.write((tx) => tx.outbox.claimDue({ now: iso(now), until: iso(now + CLAIM_MS), by: nodeId, limit: BATCH }));
      await this.deliver(claimed);
      if (claimed.length < BATCH || this.stopped) return;
    }
  }

  private async deliver(claimed: OutboxRecord[]): Promise<void> {
    const { store, clock, transport, logger } = this.deps;
    for (const message of claimed) {
      try {
        const { reference } = await transport.deliver(message);
        await store.write((tx) => tx.outbox.markDelivered(message.id, transport.kind === 'smtp' ? 'sent' : 'written', new Date(clock.now()).toISOString(), reference));
        logger.info({ outboxId: message.id, kind: message.kind, via: transport.kind }, 'mail delivered');
      } catch (error) {
        const next = new Date(clock.now() + retryDelayMs(message.attempts + 1)).toISOString();
        await store.write((tx) => tx.outbox.markFailed(message.id, error instanceof Error ? error.message : String(error), next));
        logger.warn({ outboxId: message.id, err: error, nextAttemptAt: next }, 'mail delivery failed; will retry');
      }
    }
  }
}

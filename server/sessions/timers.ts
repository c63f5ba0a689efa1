import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { ClaimedTimer, Store } from '../store/types.js';
import type { TimerWake } from './ports.js';

/** How long a claimed timer is this node's to fire; past it (the node died), any node takes it. */
const CLAIM_MS = 30_000;
/** Timers claimed in one transaction. */
const BATCH = 20;
/**
 * Tries after which a timer whose work keeps failing is logged as an error. It is never given up:
 * a dropped deadline would let a session outlive the time the user consented to.
 */
const ALARMING_ATTEMPTS = 5;

const iso = (ms: number) => new Date(ms).toISOString();

export interface TimerRunnerOptions {
  store: Pick<Store, 'read' | 'write'>;
  clock: Clock;
  logger: Logger;
  /** This process's name in its claims. */
  nodeId: string;
  /**
   * How often to look for timers other nodes set (or left when they died); null when this
   * process sets every timer itself (one node), so it always knows the next one.
   */
  pollMs: number | null;
  /** The work of a due timer (`fireTimer`). */
  fire(timer: ClaimedTimer): Promise<void>;
}

/**
 * Fires the stored timers (`tx.timers`) when they fall due, on the injected clock. A due timer is
 * first claimed in a transaction, so that of all the nodes looking at the same table exactly one
 * fires it; the claim lasts `CLAIM_MS`, after which a timer whose node died meanwhile is anyone's
 * again — and its work is idempotent (the state machine decides), so a second firing changes
 * nothing. One clock timer is armed, for the earliest due-time known; after each run the store
 * says which comes next.
 */
export class TimerRunner implements TimerWake {
  private handle: TimerHandle | null = null;
  private armedAt: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: TimerRunnerOptions) {}

  /** A due-time was stored: fire at that time, unless something earlier is armed already. */
  wake(atMs: number): void {
    if (this.stopped || (this.armedAt !== null && this.armedAt <= atMs)) return;
    if (this.handle !== null) this.options.clock.clearTimeout(this.handle);
    this.armedAt = atMs;
    this.handle = this.options.clock.setTimeout(() => {
      this.handle = null;
      this.armedAt = null;
      void this.run();
    }, Math.max(0, atMs - this.options.clock.now()));
  }

  /** Fires what is due already (waited for), then arms for what comes next. */
  start(): Promise<void> {
    return this.run();
  }

  /** No more firing; waits for the run under way, so the store can be closed after. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== null) this.options.clock.clearTimeout(this.handle);
    this.handle = null;
    await this.running;
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.cycle()
      .catch((error: unknown) => {
        // The store may be away for a moment: look again soon rather than never.
        this.options.logger.error({ err: error }, 'firing stored timers failed; trying again');
        this.wake(this.options.clock.now() + (this.options.pollMs ?? 5_000));
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async cycle(): Promise<void> {
    do {
      this.again = false;
      await this.fireDue();
    } while (this.again && !this.stopped);
    if (this.stopped) return;
    const next = await this.options.store.read.timers.nextClaimableAt();
    const { clock, pollMs } = this.options;
    const candidates = [next === null ? Infinity : Date.parse(next), pollMs === null ? Infinity : clock.now() + pollMs];
    const at = Math.min(...candidates);
    if (at !== Infinity) this.wake(at);
  }

  private async fireDue(): Promise<void> {
    const { store, clock, nodeId } = this.options;
    for (;;) {
      const now = clock.now();
      const claimed = await store.write((tx) => tx.timers.claimDue({ now: iso(now), until: iso(now + CLAIM_MS), by: nodeId, limit: BATCH }));
      for (const timer of claimed) {
        if (this.stopped) return;
        await this.fireOne(timer);
      }
      if (claimed.length < BATCH) return;
    }
  }

  private async fireOne(timer: ClaimedTimer): Promise<void> {
    const { store, nodeId, logger } = this.options;
    try {
      await this.options.fire(timer);
      await store.write((tx) => tx.timers.release(timer, nodeId));
    } catch (error) {
      // Not released: the claim lapses and the timer is tried again, here or on another node.
      const level = timer.attempts < ALARMING_ATTEMPTS ? 'warn' : 'error';
      logger[level]({ err: error, timer: timer.key, attempts: timer.attempts }, 'timer work failed; it is tried again when its claim lapses');
    }
  }
}

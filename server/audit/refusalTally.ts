import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { Store } from '../store/types.js';
import { recordAudit } from './trail.js';

/** One refused unauthenticated attempt, as it will be counted. */
export interface Refusal {
  action: string;
  ip: string;
  sessionId?: number | null;
  /** What tells refusals apart (a reason, a scope): attempts with equal details share an entry. */
  details: Record<string, string>;
}

interface Group extends Refusal {
  windowStart: number;
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface RefusalTallyOptions {
  /** The counting window, aligned to the clock: a minute. */
  windowMs?: number;
  /** Groups held at most; past it, what is counted is written at once (memory stays bounded). */
  maxGroups?: number;
}

/**
 * Counts refused unauthenticated attempts per address, action, details and minute, and writes one
 * audit entry per group with its `count`, `firstAt` and `lastAt` once the minute is over. Anyone
 * can make such attempts by the thousand: one disk-synced entry each would let them grow the log
 * and stall every request behind the writes, while auditors need the numbers, not the rows. The
 * writes run on the clock's timer, never on the request's path; `close` writes what is left.
 */
export class RefusalTally {
  private readonly groups = new Map<string, Group>();
  private readonly windowMs: number;
  private readonly maxGroups: number;
  private timer: TimerHandle | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { store: Pick<Store, 'write'>; clock: Clock; logger: Logger },
    options: RefusalTallyOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxGroups = options.maxGroups ?? 10_000;
  }

  record(refusal: Refusal): void {
    const now = this.deps.clock.now();
    const windowStart = now - (now % this.windowMs);
    const key = JSON.stringify([windowStart, refusal.action, refusal.ip, refusal.sessionId ?? null, refusal.details]);
    const group = this.groups.get(key);
    if (group) {
      group.count++;
      group.lastAt = now;
    } else {
      this.groups.set(key, { ...refusal, windowStart, count: 1, firstAt: now, lastAt: now });
    }
    if (this.groups.size >= this.maxGroups) this.flushInBackground(() => true);
    else this.arm();
  }

  /** Writes every group whose minute is over (all of them with `everything`). */
  async flush(everything = false): Promise<void> {
    const now = this.deps.clock.now();
    this.flushInBackground((g) => everything || g.windowStart + this.windowMs <= now);
    await this.writing;
  }

  /** Stops the timer and writes what is counted: nothing is lost on shutdown. */
  async close(): Promise<void> {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.flush(true);
  }

  private arm(): void {
    if (this.timer !== null || this.groups.size === 0) return;
    const earliest = Math.min(...[...this.groups.values()].map((g) => g.windowStart));
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => this.arm());
    }, Math.max(0, earliest + this.windowMs - this.deps.clock.now()));
  }

  private flushInBackground(due: (g: Group) => boolean): void {
    const batch: Array<[string, Group]> = [...this.groups].filter(([, g]) => due(g));
    if (batch.length === 0) return;
    for (const [key] of batch) this.groups.delete(key);
    // One transaction for the whole batch, queued behind the previous one: the chain stays in order.
    this.writing = this.writing.then(() => this.write(batch));
  }

  private async write(batch: Array<[string, Group]>): Promise<void> {
    try {
      await this.deps.store.write(async (tx) => {
        for (const [, g] of batch) {
          // Recorded when written, so the log's times only move forward; the minute is in the details.
          await recordAudit(tx, this.deps.clock.now(), {
            actor: { kind: 'anonymous', ip: g.ip },
            action: g.action,
            sessionId: g.sessionId ?? null,
            details: { ...g.details, count: g.count, firstAt: new Date(g.firstAt).toISOString(), lastAt: new Date(g.lastAt).toISOString() },
          });
        }
      });
    } catch (error) {
      // Not dropped: the counts go back and the next flush tries again.
      this.deps.logger.error({ err: error, groups: batch.length }, 'writing refusal counts to the audit log failed; kept for the next flush');
      for (const [key, g] of batch) {
        const newer = this.groups.get(key);
        this.groups.set(key, newer ? { ...g, count: g.count + newer.count, lastAt: newer.lastAt } : g);
      }
      this.arm();
    }
  }
}

import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import type { AuditActor } from '../../shared/schemas/audit.js';
import type { Store } from '../store/types.js';
import { recordAudit, SYSTEM_ACTOR } from './trail.js';

export interface CoalescedRefusalsOptions {
  /** The audit action of every entry, e.g. `auth.login_refused`. */
  action: string;
  /** How long the refusals of one key are counted together after the first one is recorded. */
  windowMs: number;
  /** Detail fields whose distinct values a summary lists (e.g. the usernames tried). */
  listed?: readonly string[];
}

/** One refusal: who was refused, and the facts an auditor needs (never a secret). */
export interface Refusal {
  actor: Extract<AuditActor, { kind: 'anonymous' }>;
  details: Record<string, unknown>;
}

interface Window {
  firstAtMs: number;
  first: Refusal;
  repeats: number;
  /** Distinct addresses and listed detail values of the repeats, each capped. */
  seen: Map<string, Set<unknown>>;
  timer: TimerHandle;
}

/** How many distinct values of one field a summary lists; beyond this it only counts. */
const MAX_LISTED_VALUES = 20;

/**
 * Audits refusals that an unauthenticated caller can repeat at will (a rate-limited login)
 * without letting it grow the audit log by one disk-synced entry per attempt. The first refusal
 * of a key is recorded at once, before it is answered; the key's further refusals in the next
 * `windowMs` are counted in memory and recorded as one entry with their count when the window
 * closes, off the request path. Every refusal is countable: the first entry counts 1, the
 * summary the rest. At most two entries per key and window, however fast the attempts come.
 * Memory stays bounded: a key is open for one window, and only keys a limiter refuses get one.
 */
export class CoalescedRefusals {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly deps: { store: Pick<Store, 'write'>; clock: Clock; logger: Logger },
    private readonly options: CoalescedRefusalsOptions,
  ) {}

  /** Records or counts one refusal of `key`; resolves once what must be durable is. */
  async record(key: string, refusal: Refusal): Promise<void> {
    const open = this.windows.get(key);
    if (open) {
      open.repeats++;
      this.note(open, 'ip', refusal.actor.ip);
      for (const field of this.options.listed ?? []) this.note(open, field, refusal.details[field]);
      return;
    }
    const now = this.deps.clock.now();
    const timer = this.deps.clock.setTimeout(() => void this.close(key), this.options.windowMs);
    this.windows.set(key, { firstAtMs: now, first: refusal, repeats: 0, seen: new Map(), timer });
    await this.deps.store.write((tx) => recordAudit(tx, now, { actor: refusal.actor, action: this.options.action, details: { ...refusal.details, count: 1 } }));
  }

  /** Records every open window's count now (at shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((key) => this.close(key)));
  }

  private note(window: Window, field: string, value: unknown): void {
    const values = window.seen.get(field) ?? new Set();
    if (values.size < MAX_LISTED_VALUES) values.add(value);
    window.seen.set(field, values);
  }

  private async close(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (!window) return;
    this.windows.delete(key);
    this.deps.clock.clearTimeout(window.timer);
    if (window.repeats === 0) return;
    const now = this.deps.clock.now();
    try {
      await this.deps.store.write((tx) =>
        recordAudit(tx, now, {
          // The server counted them; the callers' addresses are listed in the details.
          actor: SYSTEM_ACTOR,
          action: this.options.action,
          details: {
            ...window.first.details,
            count: window.repeats,
            repeatsOf: { at: new Date(window.firstAtMs).toISOString(), ip: window.first.actor.ip },
            until: new Date(now).toISOString(),
            // The distinct callers' addresses (`ip`) and listed details among the counted refusals.
            distinct: Object.fromEntries([...window.seen].map(([field, values]) => [field, [...values]])),
          },
        }),
      );
    } catch (error) {
      // Off the request path there is no one to answer; a failing audit store is an operational alarm.
      this.deps.logger.error({ err: error, action: this.options.action, count: window.repeats }, 'could not record counted refusals in the audit log');
    }
  }
}

import { AppError } from '../shared/errors.js';
import type { SessionAction } from '../shared/protocol/actions.js';

/**
 * How much may wait for the server: far more than a session produces (a diagnostic run with
 * all its items is a few kilobytes; a chat line at most 2,000 characters).
 */
export const REPORT_QUEUE_MAX_BYTES = 32 * 1024 * 1024;
const RETRY_WHILE_CONNECTED_MS = 2000;

export interface ReportQueueDeps {
  /** Sends one report; resolves when the server acknowledged it, throws AppError when it refused it. */
  send(action: SessionAction): Promise<unknown>;
  connected(): boolean;
  log(event: string, detail: string): void;
  setTimeout(callback: () => void, ms: number): unknown;
}

/**
 * The agent's reports for the audit log (what was done on the user's PC is the evidence), in
 * the order they happened: sent one at a time; while the server is unreachable they wait here,
 * and after the reconnect they go out in order. A report is given up only when the server
 * itself refused it (it reached the server; sending it again would be refused again), or when
 * `maxBytes` are already waiting — then it is written in full to the local log instead.
 *
 * Delivery is at least once: a report in flight when the connection drops is sent again,
 * because the agent cannot know whether the server recorded it before the drop.
 */
export class ReportQueue {
  private readonly waiting: Array<{ action: SessionAction; bytes: number }> = [];
  private bytes = 0;
  private sending = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly d: ReportQueueDeps,
    private readonly maxBytes = REPORT_QUEUE_MAX_BYTES,
  ) {}

  get size(): number {
    return this.waiting.length;
  }

  add(action: SessionAction): void {
    const bytes = JSON.stringify(action).length;
    if (this.bytes + bytes > this.maxBytes) {
      this.d.log('report not sent: too many waiting for the server', JSON.stringify(action));
      return;
    }
    this.waiting.push({ action, bytes });
    this.bytes += bytes;
    this.drain();
  }

  /** The connection is back: send what waited. */
  resume(): void {
    this.drain();
  }

  /** Resolves true once everything queued so far was delivered, false if that takes longer than `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.waiting.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.idle.push(() => resolve(true));
      this.d.setTimeout(() => resolve(false), timeoutMs);
    });
  }

  private drain(): void {
    const head = this.waiting[0];
    if (this.sending || !head) return;
    if (!this.d.connected()) return; // resume() sends it
    this.sending = true;
    this.d.send(head.action).then(
      () => this.settle(),
      (error: unknown) => {
        if (error instanceof AppError) {
          this.d.log('report refused by the server', `${error.code}: ${JSON.stringify(head.action)}`);
          return this.settle();
        }
        // Not delivered (connection lost, or no answer in time): it stays first in line.
        this.sending = false;
        this.d.log('report not confirmed, will send again', `${head.action.kind}: ${error instanceof Error ? error.message : String(error)}`);
        if (this.d.connected()) this.d.setTimeout(() => this.drain(), RETRY_WHILE_CONNECTED_MS);
      },
    );
  }

  private settle(): void {
    const done = this.waiting.shift();
    if (done) this.bytes -= done.bytes;
    this.sending = false;
    if (this.waiting.length === 0) for (const resolve of this.idle.splice(0)) resolve();
    this.drain();
  }
}

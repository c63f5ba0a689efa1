import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../shared/clock.js';

/**
 * The user's terminal: lines out, answers in. One question at a time; a question may have a
 * deadline after which it answers `null` by itself, and a signal that withdraws it (the session
 * ended while it was open). Lines typed while no question is open are commands (pause, stop,
 * chat).
 */
export class Terminal {
  private readonly rl: Interface;
  private pending: { resolve: (answer: string | null) => void } | null = null;
  private readonly queue: Array<() => void> = [];
  private commandHandler: ((line: string) => void) | null = null;
  private closed = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly clock: Clock,
  ) {
    // A closed terminal window (SIGHUP) makes writes fail: there is no one left to tell.
    output.on('error', () => undefined);
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (line) => this.onLine(line));
    this.rl.on('close', () => {
      this.closed = true;
      this.pending?.resolve(null);
    });
  }

  print(text: string): void {
    this.output.write(`${text}\n`);
  }

  /** Asks a question; resolves with the trimmed answer, or null on timeout, withdrawal or end of input. */
  ask(question: string, timeoutMs?: number, withdrawn?: AbortSignal): Promise<string | null> {
    return new Promise((resolve) => {
      const start = () => {
        if (this.closed || withdrawn?.aborted) {
          resolve(null);
          return this.queue.shift()?.();
        }
        this.output.write(question);
        const timer = timeoutMs === undefined ? null : this.clock.setTimeout(() => finish(null), timeoutMs);
        const onWithdrawn = () => finish(null);
        withdrawn?.addEventListener('abort', onWithdrawn, { once: true });
        const finish = (answer: string | null) => {
          if (!this.pending) return;
          if (timer) this.clock.clearTimeout(timer);
          withdrawn?.removeEventListener('abort', onWithdrawn);
          this.pending = null;
          if (answer === null) this.output.write('\n');
          resolve(answer);
          this.queue.shift()?.();
        };
        this.pending = { resolve: finish };
      };
      if (this.pending) this.queue.push(start);
      else start();
    });
  }

  onCommand(handler: (line: string) => void): void {
    this.commandHandler = handler;
  }

  close(): void {
    this.rl.close();
  }

  private onLine(line: string): void {
    if (this.pending) this.pending.resolve(line.trim());
    else this.commandHandler?.(line.trim());
  }
}

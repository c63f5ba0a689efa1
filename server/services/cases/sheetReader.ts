import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ApiErrorBody } from '../../../shared/errors.js';
import type { SheetRow } from './sheet.js';

export type SheetFormat = 'xlsx' | 'csv';

/** What the reader hands its worker. */
export interface SheetJob {
  format: SheetFormat;
  bytes: Uint8Array;
}

/** What the worker answers. */
export type SheetOutcome = { ok: true; rows: SheetRow[] } | { ok: false; error: ApiErrorBody['error'] };

export interface SheetReaderOptions {
  /** Sheets read at the same time; further uploads wait their turn. */
  maxConcurrent: number;
  /** Wall-clock limit of one read. A guard on resources, not business time: not the app clock. */
  timeoutMs: number;
  /** The worker's JS heap (V8 old generation); unpacked bytes are bounded by the upload limits. */
  maxHeapMb: number;
  /** How long a started spare worker waits for an upload before it is stopped. */
  spareIdleMs: number;
}

export const SHEET_READER_DEFAULTS: SheetReaderOptions = { maxConcurrent: 2, timeoutMs: 20_000, maxHeapMb: 256, spareIdleMs: 60_000 };

// The worker runs this module's sibling. Under tsx (how the server runs) that is a .ts file the
// worker can load only after registering tsx itself: a worker does not inherit the loader.
const WORKER_URL = new URL(`./sheetWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
const TSX_API_URL = import.meta.resolve('tsx/esm/api');
const WORKER_BOOT = `import(${JSON.stringify(TSX_API_URL)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;

type WorkerEnd = { kind: 'answer'; outcome: SheetOutcome } | { kind: 'error'; error: Error & { code?: string } } | { kind: 'exit'; code: number };

/** One worker thread, listened to from its start, so a failure before it is used is not lost. */
class SheetWorker {
  readonly ended: Promise<WorkerEnd>;
  private readonly worker: Worker;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(maxHeapMb: number) {
    this.worker = new Worker(WORKER_BOOT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 } });
    this.ended = new Promise((resolve) => {
      this.worker.once('message', (outcome: SheetOutcome) => resolve({ kind: 'answer', outcome }));
      this.worker.once('error', (error) => resolve({ kind: 'error', error }));
      this.worker.once('exit', (code) => resolve({ kind: 'exit', code }));
    });
  }

  /** Waits unreferenced (a spare must not keep the process alive), and stops when idle too long. */
  idle(ms: number, onStop: () => void): void {
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      onStop();
      this.stop();
    }, ms).unref();
  }

  run(job: SheetJob): void {
    clearTimeout(this.idleTimer);
    this.worker.ref();
    this.worker.postMessage(job);
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    void this.worker.terminate();
  }
}

const fromBody = (e: ApiErrorBody['error']) => new AppError(e.code, e.message, { ...(e.fields ? { fields: e.fields } : {}), ...(e.details ? { details: e.details } : {}) });

/**
 * Reads uploaded spreadsheets in worker threads, so that parsing a big or hostile file never
 * blocks the server: each read gets a fresh worker with a heap limit and a time limit, and is
 * killed when it exceeds either. The upload limits themselves (rows, cells, unpacked bytes) are
 * enforced inside, while the file is read (`checkWorkbook`, `readCsv`). Starting a worker and
 * loading exceljs takes a while, so after the first upload a spare worker is kept started for
 * the next one (and stopped after `spareIdleMs` without one).
 */
export class SheetReader {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private spare: SheetWorker | undefined;

  constructor(private readonly options: SheetReaderOptions = SHEET_READER_DEFAULTS) {}

  /** Stops the spare worker (at shutdown); a read still running finishes on its own worker. */
  close(): void {
    this.spare?.stop();
    this.spare = undefined;
  }

  async read(format: SheetFormat, bytes: Buffer): Promise<SheetRow[]> {
    await this.turn();
    try {
      return await this.readInWorker({ format, bytes });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async turn(): Promise<void> {
    if (this.running >= this.options.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private takeWorker(): SheetWorker {
    const worker = this.spare ?? new SheetWorker(this.options.maxHeapMb);
    const spare = new SheetWorker(this.options.maxHeapMb);
    spare.idle(this.options.spareIdleMs, () => {
      if (this.spare === spare) this.spare = undefined;
    });
    this.spare = spare;
    return worker;
  }

  private async readInWorker(job: SheetJob): Promise<SheetRow[]> {
    const { timeoutMs, maxHeapMb } = this.options;
    const worker = this.takeWorker();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    worker.run(job);
    try {
      const end = await Promise.race([worker.ended, timedOut]);
      if (end === 'timeout') {
        throw new AppError('PAYLOAD_TOO_LARGE', `The file could not be read within ${timeoutMs / 1000} s. Split it into smaller files.`, { details: { limit: 'readTime', max: timeoutMs / 1000 } });
      }
      if (end.kind === 'answer') {
        if (end.outcome.ok) return end.outcome.rows;
        throw fromBody(end.outcome.error);
      }
      if (end.kind === 'error' && end.error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new AppError('PAYLOAD_TOO_LARGE', 'The file needs more memory to read than an upload may take. Split it into smaller files.', { details: { limit: 'memory', max: maxHeapMb }, cause: end.error });
      }
      throw new AppError('INTERNAL', 'Reading the spreadsheet failed.', { cause: end.kind === 'error' ? end.error : new Error(`the sheet worker exited with ${end.code}`) });
    } finally {
      clearTimeout(timer);
      worker.stop();
    }
  }
}

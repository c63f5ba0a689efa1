import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.js';
import { readCsv } from './sheet.js';
import type { SheetJob, SheetOutcome } from './sheetReader.js';
import { readXlsx } from './sheetXlsx.js';

/**
 * The worker thread of `SheetReader`: loads the readers (exceljs is slow to load, so a spare
 * worker does it before an upload arrives), then reads the one sheet it is sent and answers
 * with its rows or its refusal. Runs under the heap limit the reader sets.
 */
async function read(job: SheetJob): Promise<SheetOutcome> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  try {
    return { ok: true, rows: job.format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody().error };
    throw error; // a bug: the reader reports the worker's failure as INTERNAL
  }
}

if (!parentPort) throw new Error('sheetWorker.ts runs only as a worker thread (see SheetReader)');
const port = parentPort;
port.once('message', (job: SheetJob) => {
  void read(job).then((outcome) => port.postMessage(outcome));
});

import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../../shared/errors.js';
import { UPLOAD_READ_LIMITS } from '../../../shared/schemas/intakeSheet.js';
import { tooManyRows, type UploadReadLimits } from './sheet.js';

const unreadable = (cause: unknown, why = '') => new AppError('VALIDATION_FAILED', `The file is not a readable .xlsx workbook${why}.`, { cause });

function tooLarge(limit: 'unpackedBytes' | 'parts' | 'cells', max: number, what: string): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The workbook ${what}; an intake file needs far less. Split it, or remove other sheets and pictures.`, { details: { limit, max } });
}

/**
 * Counts the row and cell elements (`<row …>`, `<c …>`, with or without a namespace prefix) in
 * a worksheet's XML as it streams by. An upper bound, which is all a limit needs: a comment or
 * CDATA holding such text only makes the count higher. A tag split across chunks is counted
 * once, in the chunk where it ends.
 */
export class SheetTagCounter {
  rows = 0;
  cells = 0;
  private tail = '';
  private static readonly TAG = /<(?:[A-Za-z_][\w.-]{0,15}:)?(row|c)[\s/>]/g;
  private static readonly TAIL_LENGTH = 24; // longer than the longest tag the pattern matches

  add(chunk: Buffer): void {
    // latin1 keeps one character per byte; '<' never occurs inside a multi-byte UTF-8 sequence.
    const text = this.tail + chunk.toString('latin1');
    for (const match of text.matchAll(SheetTagCounter.TAG)) {
      if (match.index + match[0].length <= this.tail.length) continue; // counted with the previous chunk
      if (match[1] === 'row') this.rows++;
      else this.cells++;
    }
    this.tail = text.slice(-SheetTagCounter.TAIL_LENGTH);
  }
}

const open = (buffer: Buffer) =>
  new Promise<ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(unreadable(error)) : resolve(zip)));
  });

const directory = (zip: ZipFile) =>
  new Promise<Entry[]>((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error) => reject(unreadable(error)));
    zip.readEntry();
  });

/** Unpacks one part, handing each chunk to `onChunk`; a throw there stops the unpacking. */
const unpack = (zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => void) =>
  new Promise<void>((resolve, reject) => {
    zip.openReadStream(entry, (openError, stream) => {
      if (openError) return reject(unreadable(openError));
      stream.on('data', (chunk: Buffer) => {
        try {
          onChunk(chunk);
        } catch (limitError) {
          stream.destroy();
          reject(limitError instanceof Error ? limitError : new Error(String(limitError)));
        }
      });
      // Also yauzl's own check: a part that unpacks to more than its header declares is forged.
      stream.once('error', (error) => reject(unreadable(error, ` (${entry.fileName} is damaged or larger than it declares)`)));
      stream.once('end', () => resolve());
    });
  });

const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);

/**
 * Checks an .xlsx against the upload limits before anything parses it: first the zip's
 * directory (the number of parts and the sizes they declare, without unpacking anything), then
 * every part is unpacked once, counting, and stopped at the first limit crossed — the bytes
 * unpacked (which yauzl also holds to each part's declared size), and the rows and cells of the
 * worksheets. Bounded work for any input: at most `maxUnpackedBytes` are ever inflated.
 */
export async function checkWorkbook(buffer: Buffer, limits: UploadReadLimits = UPLOAD_READ_LIMITS): Promise<void> {
  const zip = await open(buffer);
  try {
    if (zip.entryCount > limits.maxParts) throw tooLarge('parts', limits.maxParts, `has ${zip.entryCount} parts, more than ${limits.maxParts}`);
    const entries = (await directory(zip)).filter((e) => !e.fileName.endsWith('/'));
    const maxMb = limits.maxUnpackedBytes / 2 ** 20;
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > limits.maxUnpackedBytes) throw tooLarge('unpackedBytes', limits.maxUnpackedBytes, `unpacks to ${(declared / 2 ** 20).toFixed(0)} MB, more than ${maxMb} MB`);
    const counter = new SheetTagCounter();
    let unpacked = 0;
    for (const entry of entries) {
      const sheet = isWorksheet(entry.fileName);
      await unpack(zip, entry, (chunk) => {
        unpacked += chunk.length;
        // Belt and braces: yauzl already holds each part to its declared size, whose sum was checked.
        if (unpacked > limits.maxUnpackedBytes) throw tooLarge('unpackedBytes', limits.maxUnpackedBytes, `unpacks to more than ${maxMb} MB`);
        if (!sheet) return;
        counter.add(chunk);
        if (counter.rows > limits.maxRows) throw tooManyRows(limits);
        if (counter.cells > limits.maxCells) throw tooLarge('cells', limits.maxCells, `holds more than ${limits.maxCells} cells`);
      });
    }
  } finally {
    zip.close();
  }
}

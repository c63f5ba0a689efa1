import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../../shared/errors.js';
import { spreadsheetCsv } from '../../exports/spreadsheetCells.js';
import { columnHeader, INTAKE_COLUMNS, MAX_IMPORT_ROWS, UPLOAD_READ_LIMITS, type IntakeColumn } from '../../../shared/schemas/intakeSheet.js';

/** One data row of an uploaded sheet: its spreadsheet row number and the request it spells. */
export interface SheetRow {
  row: number;
  input: Record<string, unknown>;
}

export type UploadReadLimits = { readonly [K in keyof typeof UPLOAD_READ_LIMITS]: number };

/** A file refused for its physical rows, counted while it is read, before any is mapped. */
export function tooManyRows(limits: UploadReadLimits): AppError {
  return new AppError('VALIDATION_FAILED', `At most ${MAX_IMPORT_ROWS} rows per upload; this file has more than ${limits.maxRows} rows (blank ones and other sheets included).`, {
    details: { maxRows: MAX_IMPORT_ROWS },
  });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const normalise = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
const HEADER_INDEX = new Map<string, IntakeColumn>(
  INTAKE_COLUMNS.flatMap((c) => [c.ko, c.en, columnHeader(c)].map((h) => [normalise(h), c] as const)),
);

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 'o', '예', '네', '동의', 'v', '✓', '✔']);
const FALSE_WORDS = new Set(['n', 'no', 'false', '0', 'x', '아니오', '아니요', '미동의', '-']);

/** A cell as the value the schema expects; something unrecognisable is passed on for zod to refuse. */
function convert(value: unknown, kind: IntakeColumn['kind']): unknown {
  if (kind === 'date' && value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return kind === 'text' && typeof value === 'number' ? String(value) : value;
  const text = value.trim();
  if (kind === 'boolean') {
    const word = normalise(text);
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  if (kind === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Maps header cells to columns; an unknown header is an error, so no data is silently dropped. */
function mapHeader(header: readonly unknown[]): Array<IntakeColumn | null> {
  const columns = header.map((h) => (isBlank(h) ? null : (HEADER_INDEX.get(normalise(String(h))) ?? undefined)));
  const unknown = header.filter((_, i) => columns[i] === undefined).map(String);
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Unknown column(s): ${unknown.join(', ')}. Use the template's headers.`, {
      fields: { header: { code: 'UNKNOWN_FIELD', message: `Unknown column(s): ${unknown.join(', ')}` } },
    });
  }
  if (!columns.some(Boolean)) throw new AppError('VALIDATION_FAILED', 'The first row must hold the template headers.');
  return columns.map((c) => c ?? null);
}

export function toRows(table: ReadonlyArray<{ row: number; cells: readonly unknown[] }>): SheetRow[] {
  const [header, ...data] = table;
  if (!header) throw new AppError('VALIDATION_FAILED', 'The file is empty.');
  const columns = mapHeader(header.cells);
  const rows = data.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('VALIDATION_FAILED', `At most ${MAX_IMPORT_ROWS} rows per upload; this file has ${rows.length}.`, { details: { maxRows: MAX_IMPORT_ROWS } });
  }
  return rows.map(({ row, cells }) => {
    const input: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      if (column && !isBlank(cells[i])) setPath(input, column.path, convert(cells[i], column.kind));
    });
    return { row, input };
  });
}

/** The rows of a CSV file; the parser stops at the first record beyond the row limit. */
export function readCsv(buffer: Buffer, limits: UploadReadLimits = UPLOAD_READ_LIMITS): SheetRow[] {
  let records: string[][];
  try {
    const options = { bom: true, relax_column_count: true, skip_empty_lines: false, to: limits.maxRows + 1 } as const;
    records = parseCsv(buffer, options) satisfies string[][];
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  if (records.length > limits.maxRows) throw tooManyRows(limits);
  // Row numbers as a spreadsheet shows them: the header is row 1.
  return toRows(records.map((cells, i) => ({ row: i + 1, cells })));
}

export function columnForPath(path: string): string | null {
  const column = INTAKE_COLUMNS.find((c) => path === c.path.join('.') || path.startsWith(`${c.path.join('.')}.`));
  if (column) return columnHeader(column);
  // An object-level problem (e.g. a check's result missing) belongs to its first column.
  const prefix = INTAKE_COLUMNS.find((c) => c.path.join('.').startsWith(`${path}.`));
  return prefix ? columnHeader(prefix) : null;
}

export function csvTemplate(): string {
  // A BOM so that Excel opens the Korean headers as UTF-8.
  return `\uFEFF${spreadsheetCsv([INTAKE_COLUMNS.map(columnHeader)])}`;
}

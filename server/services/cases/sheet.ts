import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import { spreadsheetCsv } from '../../exports/spreadsheetCells.js';
import { columnHeader, INTAKE_COLUMNS, MAX_IMPORT_ROWS, type IntakeColumn } from '../../../shared/schemas/intakeSheet.js';

/** One data row of an uploaded sheet: its spreadsheet row number and the request it spells. */
export interface SheetRow {
  row: number;
  input: Record<string, unknown>;
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

function toRows(table: ReadonlyArray<{ row: number; cells: readonly unknown[] }>): SheetRow[] {
  const [header, ...data] = table;
  if (!header) throw new AppError('VALIDATION_FAILED', 'The file is empty.');
  const columns = mapHeader(header.cells);
  const rows = data.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('VALIDATION_FAILED', `At most ${MAX_IMPORT_ROWS} rows per upload; this file has ${rows.length}.`);
  return rows.map(({ row, cells }) => {
    const input: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      if (column && !isBlank(cells[i])) setPath(input, column.path, convert(cells[i], column.kind));
    });
    return { row, input };
  });
}

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return v.text; // hyperlink
    if ('result' in v) return v.result; // formula
    if ('error' in v) return undefined;
  }
  return v;
}

export async function readXlsx(buffer: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'The file is not a readable .xlsx workbook.', { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('VALIDATION_FAILED', 'The workbook has no sheet.');
  const table: Array<{ row: number; cells: unknown[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is unused
    table.push({ row: rowNumber, cells: values.slice(1).map(cellValue) });
  });
  return toRows(table);
}

export function readCsv(buffer: Buffer): SheetRow[] {
  let records: string[][];
  try {
    const options = { bom: true, relax_column_count: true, skip_empty_lines: false } as const;
    records = parseCsv(buffer, options) satisfies string[][];
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The file is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
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

export async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('2차 요청 Requests', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = INTAKE_COLUMNS.map((c) => ({ header: columnHeader(c), key: c.path.join('.'), width: Math.min(48, Math.max(14, columnHeader(c).length)) }));
  sheet.getRow(1).font = { bold: true };
  INTAKE_COLUMNS.forEach((c, i) => {
    if (c.kind !== 'boolean') return;
    for (let row = 2; row <= 501; row++) {
      sheet.getCell(row, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: ['"Y,N"'] };
    }
  });
  const guide = workbook.addWorksheet('안내 Guide');
  guide.columns = [{ width: 60 }, { width: 60 }];
  guide.addRows([
    ['한 행에 한 건. 예/아니오 칸은 Y 또는 N.', 'One request per row. Yes/no columns take Y or N.'],
    ['날짜는 YYYY-MM-DD.', 'Dates as YYYY-MM-DD.'],
    ['상담원 PC에서도 같은 증상이면(공통 증상) 2차 요청 대상이 아닙니다.', 'A symptom that also occurs on the call-center PC is not a second-level case.'],
    ['사이트 ID/비밀번호는 테스트 계정이 없을 때만 적어 주세요.', 'Give the site ID/password only where no test account exists.'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csvTemplate(): string {
  // A BOM so that Excel opens the Korean headers as UTF-8.
  return `\uFEFF${spreadsheetCsv([INTAKE_COLUMNS.map(columnHeader)])}`;
}

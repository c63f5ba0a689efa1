/** The .xlsx side of the intake form: exceljs, loaded only where a workbook is read or written. */
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import { columnHeader, INTAKE_COLUMNS, UPLOAD_READ_LIMITS } from '../../../shared/schemas/intakeSheet.js';
import { toRows, type SheetRow, type UploadReadLimits } from './sheet.js';
import { checkWorkbook } from './workbookGate.js';

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return v.text; // hyperlink
    if ('result' in v) return v.result; // formula
    if ('error' in v) return undefined;
  }
  return v;
}

/**
 * The rows of an .xlsx's first sheet. Heavy for big files: run it off the main thread
 * (`SheetReader`). The zip is checked against the upload limits before exceljs parses it.
 */
export async function readXlsx(buffer: Buffer, limits: UploadReadLimits = UPLOAD_READ_LIMITS): Promise<SheetRow[]> {
  await checkWorkbook(buffer, limits);
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


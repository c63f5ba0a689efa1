import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_READ_LIMITS } from '../../shared/schemas/intakeSheet.js';
import { SHEET_READER_DEFAULTS, SheetReader } from '../../server/services/cases/sheetReader.js';
import type { ApiResponse } from '../support/api.js';
import { testClock } from '../support/clock.js';
import { seedStaff, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { columnLetters, headerRow, inflationBomb, rowBomb, workbook } from '../support/workbooks.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * How late /api/health may answer while a bomb is being read. Before parsing moved off the main
 * thread it answered after 4–18 s; 500 ms leaves room for a loaded 2-core test machine.
 */
const HEALTH_MAX_MS = 500;
/**
 * How soon a bomb must be refused. The gate itself takes milliseconds (test/unit/workbookGate);
 * what remains is starting the reader's worker (once a server has read a file, a spare is
 * waiting), which takes up to ~10 s on a test machine loaded by parallel suites. Before the
 * gate, the 300 MB bomb was answered after 21–42 s.
 */
const REFUSAL_MAX_MS = 15_000;

let server: TestServer;
let staff: Staff;

beforeAll(async () => {
  server = await startTestServer({ clock: testClock() });
  staff = await seedStaff(server);
});
afterAll(async () => server.close());

/** Uploads a file while polling /api/health back to back: the answer, its time and the health latencies. */
async function uploadWatchingHealth(type: string, body: Buffer | string) {
  let answered = false;
  const healthMs: number[] = [];
  const poll = (async () => {
    while (!answered) {
      const started = performance.now();
      expect((await server.api.get('/api/health')).status).toBe(200);
      healthMs.push(performance.now() - started);
    }
  })();
  const started = performance.now();
  const res: ApiResponse<any> = await staff.callcenterA.raw('/api/cases/import', { method: 'POST', headers: { 'content-type': type }, body });
  const answeredMs = performance.now() - started;
  answered = true;
  await poll;
  return { res, answeredMs, healthMs };
}

async function caseCount(): Promise<number> {
  return (await staff.engineer.get('/api/cases?limit=500')).body.length;
}

// Generating a 55 MB sheet and starting workers is slow on a loaded machine: a wider timeout.
describe('spreadsheet bombs are refused while they are read, and the server keeps answering', { timeout: 60_000 }, () => {
  it('refuses the row bomb (200,000 rows, ~55 MB unpacked from ~1 MB) by its unpacked size', async () => {
    const before = await caseCount();
    const { res, answeredMs, healthMs } = await uploadWatchingHealth(XLSX, rowBomb(200_000));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'unpackedBytes', max: UPLOAD_READ_LIMITS.maxUnpackedBytes } });
    expect(res.body.error.message).toContain('unpacks to');
    expect(answeredMs).toBeLessThan(REFUSAL_MAX_MS);
    expect(Math.max(...healthMs)).toBeLessThan(HEALTH_MAX_MS);
    expect(await caseCount()).toBe(before);
  });

  it('refuses the inflation bomb (one 300 MB cell from ~1.3 MB) before unpacking it', async () => {
    const { res, answeredMs, healthMs } = await uploadWatchingHealth(XLSX, inflationBomb(300));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'unpackedBytes' } });
    expect(answeredMs).toBeLessThan(REFUSAL_MAX_MS);
    expect(Math.max(...healthMs)).toBeLessThan(HEALTH_MAX_MS);
  });

  it('stops unpacking an inflation bomb whose zip headers understate its size', async () => {
    const { res, answeredMs, healthMs } = await uploadWatchingHealth(XLSX, inflationBomb(300, { declaredSheetSize: 64 * 1024 }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('larger than it declares');
    expect(answeredMs).toBeLessThan(REFUSAL_MAX_MS);
    expect(Math.max(...healthMs)).toBeLessThan(HEALTH_MAX_MS);
  });

  it('refuses a small workbook of too many rows while counting them, before parsing it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="C${i + 2}"><v>1</v></c></row>`).join('');
    const { res, healthMs } = await uploadWatchingHealth(XLSX, workbook({ prefix: headerRow() + rows }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { maxRows: 2000 } });
    expect(res.body.error.message).toContain(`more than ${UPLOAD_READ_LIMITS.maxRows} rows`);
    expect(Math.max(...healthMs)).toBeLessThan(HEALTH_MAX_MS);
  });

  it('refuses a workbook of too many cells in a few rows', async () => {
    const row = (r: number) => `<row r="${r}">${Array.from({ length: 16_384 }, (_, c) => `<c r="${columnLetters(c + 1)}${r}"><v>1</v></c>`).join('')}</row>`;
    const { res } = await uploadWatchingHealth(XLSX, workbook({ prefix: Array.from({ length: 30 }, (_, i) => row(i + 1)).join('') }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'cells', max: UPLOAD_READ_LIMITS.maxCells } });
  });

  it('stops parsing a CSV at the row limit', async () => {
    const csv = `Customer name\n${'Lee\n'.repeat(200_000)}`;
    const { res, healthMs } = await uploadWatchingHealth('text/csv', csv);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { maxRows: 2000 } });
    expect(res.body.error.message).toContain(`more than ${UPLOAD_READ_LIMITS.maxRows} rows`);
    expect(Math.max(...healthMs)).toBeLessThan(HEALTH_MAX_MS);
  });

  it('still imports a normal workbook after the bombs', async () => {
    const { res } = await uploadWatchingHealth(XLSX, await templateStyleWorkbook());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalRows: 1, rejected: [] });
    expect(res.body.imported).toHaveLength(1);
  });
});

/** One valid request in the template's columns, written by exceljs as a user's Excel would. */
async function templateStyleWorkbook(): Promise<Buffer> {
  const template = await staff.callcenterA.bytes('/api/cases/import/template.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template.body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const value = (header: string): string => {
    if (header.includes(' - 조치')) return 'Y';
    if (header.includes(' - 결과')) return '정상';
    const byHeader: Record<string, string> = {
      '1차 상담일 / First consultation date': '2026-11-24',
      '요청 상담원 / Requesting agent': '김상담',
      '고객명 / Customer name': '이고객',
      '연락처 / Contact number': '010-2222-3333',
      '사이트 주소 / Site address': 'https://lectures.alpha.example',
      '장애 증상 / Symptoms': '강의 영상 재생 시 10초마다 끊기고 화면이 검게 멈춤',
      '상담원 PC 동일 증상 / Same symptom on call-center PC': 'N',
      '2차 지원 동의 / Hand-over consent': 'Y',
    };
    return byHeader[header] ?? '';
  };
  headers.forEach((header, i) => (sheet.getCell(2, i + 1).value = value(header)));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the sheet reader guards its worker', () => {
  it('refuses a read that takes longer than its time limit', async () => {
    const reader = new SheetReader({ ...SHEET_READER_DEFAULTS, timeoutMs: 1 });
    await expect(reader.read('csv', Buffer.from('Customer name\nLee\n'))).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'readTime' } });
  });

  it('refuses a read that needs more memory than its heap limit', async () => {
    const reader = new SheetReader({ ...SHEET_READER_DEFAULTS, maxHeapMb: 4 });
    await expect(reader.read('xlsx', await templateStyleWorkbook())).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'memory' } });
  });
});

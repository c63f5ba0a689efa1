import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LEVEL_CHECKS } from '../../shared/schemas/cases.js';
import { columnHeader, INTAKE_COLUMNS } from '../../shared/schemas/intakeSheet.js';
import { testClock } from '../support/clock.js';
import { seedStaff, type Staff } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let server: TestServer;
let staff: Staff;

beforeAll(async () => {
  server = await startTestServer({ clock: testClock('2026-11-25T02:00:00Z') });
  staff = await seedStaff(server);
});
afterAll(async () => server.close());

/** A row as the template's columns expect it, keyed by field path. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    firstConsultationDate: '2026-11-24',
    requestingAgent: '김상담',
    customerName: '이고객',
    contactNumber: '010-2222-3333',
    siteUrl: 'https://lectures.alpha.example',
    symptoms: '강의 영상 재생 시 10초마다 끊기고 화면이 검게 멈춤',
    reproducesOnCallCenterPc: 'N',
    handOverConsent: 'Y',
    urgent: 'N',
  };
  for (const c of FIRST_LEVEL_CHECKS) {
    base[`firstLevelChecks.${c.key}.done`] = 'Y';
    base[`firstLevelChecks.${c.key}.result`] = '정상';
  }
  return { ...base, ...overrides };
}
const cells = (r: Record<string, unknown>) => INTAKE_COLUMNS.map((c) => r[c.path.join('.')] ?? '');

const mixedRows = [
  row(), // 2: valid
  row({ symptoms: '안 나와요' }), // 3: too vague
  row({ urgent: 'Y', customerName: '박긴급' }), // 4: valid
  row({ reproducesOnCallCenterPc: 'Y' }), // 5: common symptom
  row({ 'firstLevelChecks.malwareScan.result': '' }), // 6: check done without a result
  row({ 'siteCredentials.userId': 'lee', 'siteCredentials.password': 'xlsx-secret-77' }), // 7: valid, with credentials
];

async function upload(type: string, body: Buffer | string) {
  return staff.callcenterA.raw('/api/cases/import', { method: 'POST', headers: { 'content-type': type }, body });
}

function expectMixedResult(body: any) {
  expect(body.totalRows).toBe(6);
  expect(body.imported.map((r: { row: number }) => r.row)).toEqual([2, 4, 7]);
  expect(body.rejected.map((r: { row: number }) => r.row)).toEqual([3, 5, 6]);
  const [vague, common, noResult] = body.rejected;
  expect(vague.fields.symptoms).toMatchObject({ code: 'TOO_VAGUE', column: '장애 증상 / Symptoms' });
  expect(common.code).toBe('CASE_NOT_SECOND_LEVEL');
  expect(common.fields.reproducesOnCallCenterPc.column).toBe('상담원 PC 동일 증상 / Same symptom on call-center PC');
  expect(noResult.fields['firstLevelChecks.malwareScan.result']).toMatchObject({ code: 'RESULT_REQUIRED', column: expect.stringContaining('[2.6]') });
}

describe('bulk intake from the Excel form (§4.1)', () => {
  it('offers an .xlsx template with Korean and English headers', async () => {
    const res = await staff.callcenterA.bytes('/api/cases/import/template.xlsx');
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const header = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(INTAKE_COLUMNS.map(columnHeader));
    expect(header).toContain('고객명 / Customer name');
  });

  it('offers a .csv template with the same headers', async () => {
    const res = await staff.callcenterA.get('/api/cases/import/template.csv');
    const [header] = parse(res.text, { bom: true });
    expect(header).toEqual(INTAKE_COLUMNS.map(columnHeader));
  });

  it('imports the valid rows of an .xlsx and reports each invalid one by row and field', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('requests');
    sheet.addRow(INTAKE_COLUMNS.map(columnHeader));
    for (const r of mixedRows) sheet.addRow(cells(r));
    // A real date cell, as Excel users type it, instead of text.
    sheet.getCell(2, 1).value = new Date(Date.UTC(2026, 10, 24));
    const res = await upload(XLSX, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expectMixedResult(res.body);
    const created = await staff.engineer.get(`/api/cases/${(res.body as any).imported[0].caseId}`);
    expect(created.body).toMatchObject({ customerName: '이고객', firstConsultationDate: '2026-11-24', status: 'received' });
    const withCredentials = await staff.engineer.get(`/api/cases/${(res.body as any).imported[2].caseId}`);
    expect(withCredentials.body.hasSiteCredentials).toBe(true);
    expect(server.logs()).not.toContain('xlsx-secret-77');
  });

  it('imports a .csv the same way, with headers in one language only', async () => {
    const englishHeaders = INTAKE_COLUMNS.map((c) => c.en);
    const csv = stringify([englishHeaders, ...mixedRows.map(cells)]);
    const res = await upload('text/csv', csv);
    expect(res.status).toBe(200);
    expectMixedResult(res.body);
    const refs = (res.body as any).imported.map((r: { ref: string }) => r.ref);
    expect(refs.every((ref: string) => /^RA-\d{6}$/.test(ref))).toBe(true);
    const audit = await staff.auditor.get('/api/audit?action=case.import&limit=10');
    expect(audit.body.entries.at(-1).details).toMatchObject({ format: 'csv', totalRows: 6, rejectedRows: [3, 5, 6] });
  });

  it('refuses unknown columns, other file types and broken files without importing anything', async () => {
    const before = (await staff.engineer.get('/api/cases?limit=500')).body.length;
    const unknown = await upload('text/csv', 'Customer name,Favourite colour\nLee,blue\n');
    expect(unknown.status).toBe(400);
    expect((unknown.body as any).error.message).toContain('Favourite colour');
    expect((await upload('application/pdf', '%PDF-1.4')).status).toBe(415);
    expect((await upload(XLSX, Buffer.from('not a zip'))).status).toBe(400);
    expect((await staff.engineer.get('/api/cases?limit=500')).body.length).toBe(before);
  });
});

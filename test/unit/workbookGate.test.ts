import { describe, expect, it } from 'vitest';
import { UPLOAD_READ_LIMITS } from '../../shared/schemas/intakeSheet.js';
import type { UploadReadLimits } from '../../server/services/cases/sheet.js';
import { checkWorkbook, SheetTagCounter } from '../../server/services/cases/workbookGate.js';
import { headerRow, inflationBomb, rowBomb, workbook } from '../support/workbooks.js';

/** The gate's work is bounded: even on a loaded test machine each bomb is refused within this. */
const GATE_MAX_MS = 2000;

async function refusal(bytes: Buffer, limits: UploadReadLimits = UPLOAD_READ_LIMITS) {
  const started = performance.now();
  const error = await checkWorkbook(bytes, limits).then(() => null, (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

describe('counting rows and cells in a worksheet as it streams', () => {
  const xml = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"/></row><x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row><row r="3"/><cols><col min="1"/></cols></sheetData>';

  it('counts the same however the XML is cut into chunks', () => {
    for (let cut = 0; cut <= xml.length; cut++) {
      const counter = new SheetTagCounter();
      counter.add(Buffer.from(xml.slice(0, cut), 'latin1'));
      counter.add(Buffer.from(xml.slice(cut), 'latin1'));
      expect({ cut, rows: counter.rows, cells: counter.cells }).toEqual({ cut, rows: 3, cells: 3 });
    }
  });

  it('counts byte by byte, too', () => {
    const counter = new SheetTagCounter();
    for (const byte of Buffer.from(xml, 'latin1')) counter.add(Buffer.from([byte]));
    expect([counter.rows, counter.cells]).toEqual([3, 3]);
  });
});

describe('the workbook gate', () => {
  it('refuses the row bomb from its declared sizes, at once', async () => {
    const { error, ms } = await refusal(rowBomb(200_000));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'unpackedBytes' } });
    expect(ms).toBeLessThan(GATE_MAX_MS);
  });

  it('refuses the inflation bomb from its declared sizes, at once', async () => {
    const { error, ms } = await refusal(inflationBomb(300));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'unpackedBytes' } });
    expect(ms).toBeLessThan(GATE_MAX_MS);
  });

  it('stops unpacking a part that unpacks to more than its header declares', async () => {
    const { error, ms } = await refusal(inflationBomb(300, { declaredSheetSize: 64 * 1024 }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('larger than it declares') });
    expect(ms).toBeLessThan(GATE_MAX_MS);
  });

  it('counts rows while unpacking and stops at the row limit', async () => {
    const rows = workbook({ prefix: headerRow(), repeat: { chunk: '<row><c><v>1</v></c></row>', times: 10 } });
    expect((await refusal(rows, { ...UPLOAD_READ_LIMITS, maxRows: 11 })).error).toBeNull();
    const { error } = await refusal(rows, { ...UPLOAD_READ_LIMITS, maxRows: 10 });
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { maxRows: 2000 }, message: expect.stringContaining('more than 10 rows') });
  });

  it('counts cells while unpacking and stops at the cell limit', async () => {
    const cells = workbook({ prefix: '<row r="1">', repeat: { chunk: '<c><v>1</v></c>', times: 50 }, suffix: '</row>' });
    expect((await refusal(cells, { ...UPLOAD_READ_LIMITS, maxCells: 50 })).error).toBeNull();
    expect((await refusal(cells, { ...UPLOAD_READ_LIMITS, maxCells: 49 })).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'cells', max: 49 } });
  });

  it('refuses a zip with more parts than a workbook has', async () => {
    const { error } = await refusal(rowBomb(1), { ...UPLOAD_READ_LIMITS, maxParts: 3 });
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 'parts', max: 3 } });
  });

  it('lets a small workbook through, and refuses what is not a zip as unreadable', async () => {
    expect((await refusal(rowBomb(10))).error).toBeNull();
    expect((await refusal(Buffer.from('not a zip'))).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('not a readable .xlsx') });
  });
});

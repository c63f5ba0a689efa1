import { constants, crc32, deflateRawSync } from 'node:zlib';
import { columnHeader, INTAKE_COLUMNS } from '../../shared/schemas/intakeSheet.js';

/**
 * Hand-written .xlsx files for the upload limits: a zip (deflate, no zip64) of the few parts a
 * workbook needs. Written by hand rather than with exceljs so that a 300 MB sheet is built in
 * well under a second (its compressed form is one compressed chunk repeated) and so that a test
 * can declare sizes that lie.
 */

/** A part's content: literal bytes, or a prefix, one chunk repeated, and a suffix. */
export interface PartContent {
  prefix: string;
  repeat?: { chunk: string; times: number };
  suffix?: string;
}

export interface ZipPart {
  name: string;
  content: PartContent;
  /** The uncompressed size written in the headers, if it should lie. */
  declaredSize?: number;
}

/**
 * Deflates without a final block, so the pieces concatenate into one valid raw deflate stream.
 * Level 1: fast enough for 55 MB of sheet XML in a test, and such XML compresses well anyway.
 */
const deflatePiece = (text: string) => deflateRawSync(Buffer.from(text, 'utf8'), { finishFlush: constants.Z_FULL_FLUSH, level: 1 });

function compressPart(content: PartContent): { data: Buffer; crc: number; size: number } {
  const pieces: Buffer[] = [deflatePiece(content.prefix)];
  let crc = crc32(content.prefix);
  let size = Buffer.byteLength(content.prefix);
  if (content.repeat && content.repeat.times > 0) {
    const chunk = Buffer.from(content.repeat.chunk, 'utf8');
    const compressed = deflatePiece(content.repeat.chunk);
    for (let i = 0; i < content.repeat.times; i++) {
      pieces.push(compressed);
      crc = crc32(chunk, crc);
    }
    size += chunk.length * content.repeat.times;
  }
  const suffix = content.suffix ?? '';
  pieces.push(deflateRawSync(Buffer.from(suffix, 'utf8'))); // the final block
  crc = crc32(suffix, crc);
  size += Buffer.byteLength(suffix);
  return { data: Buffer.concat(pieces), crc, size };
}

/** A zip archive of the parts, in order. */
export function zipArchive(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = compressPart(part.content);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    local.copy(central, 6, 4, 30); // version needed … name length: the same fields
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Column letters of a 1-based index (1 → A, 27 → AA). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/** The template's header row, as row 1 of a sheet. */
export const headerRow = (): string => `<row r="1">${INTAKE_COLUMNS.map((c, i) => inlineCell(`${columnLetters(i + 1)}1`, columnHeader(c))).join('')}</row>`;

/** An .xlsx whose first sheet's `<sheetData>` holds `rows` (a literal or a repeated chunk). */
export function workbook(rows: PartContent, options: { declaredSheetSize?: number } = {}): Buffer {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      content: {
        prefix: `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      },
    },
    { name: '_rels/.rels', content: { prefix: `${xml}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` } },
    { name: 'xl/workbook.xml', content: { prefix: `${xml}<workbook xmlns="${SHEET_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Requests" sheetId="1" r:id="rId1"/></sheets></workbook>` } },
    { name: 'xl/_rels/workbook.xml.rels', content: { prefix: `${xml}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` } },
    {
      name: 'xl/worksheets/sheet1.xml',
      content: { prefix: `${xml}<worksheet xmlns="${SHEET_NS}"><sheetData>${rows.prefix}`, ...(rows.repeat ? { repeat: rows.repeat } : {}), suffix: `${rows.suffix ?? ''}</sheetData></worksheet>` },
      ...(options.declaredSheetSize === undefined ? {} : { declaredSize: options.declaredSheetSize }),
    },
  ];
  return zipArchive(parts);
}

/**
 * The row bomb: the template's headers and `rows` data rows of about 275 bytes of XML each,
 * one long symptom text per row (200,000 rows: ~55 MB of sheet XML in ~1.2 MB).
 */
export function rowBomb(rows = 200_000): Buffer {
  const symptom = 'Lecture video stops every ten seconds and the player shows a black screen after resuming; checked on two browsers and after a reboot, and the same happens again on the customer PC every time';
  const text = `" t="inlineStr"><is><t>${escapeXml(symptom)}</t></is></c></row>`;
  const lines = [headerRow()];
  for (let r = 2; r <= rows + 1; r++) lines.push(`<row r="${r}"><c r="I${r}${text}`);
  return workbook({ prefix: lines.join('') });
}

/** The inflation bomb: one data cell of `megabytes` MB of text (300: ~300 MB from ~0.3 MB). */
export function inflationBomb(megabytes = 300, options: { declaredSheetSize?: number } = {}): Buffer {
  const chunk = 'A'.repeat(1 << 20);
  return workbook({ prefix: `${headerRow()}<row r="2"><c r="I2" t="inlineStr"><is><t>`, repeat: { chunk, times: megabytes }, suffix: '</t></is></c></row>' }, options);
}

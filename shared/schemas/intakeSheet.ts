import { z } from 'zod';
import { FieldIssue } from '../errors.js';
import { FIRST_LEVEL_CHECKS } from './cases.js';

/**
 * The columns of the Excel/CSV intake form (§4.1): the same fields as a single request.
 * Headers carry Korean and English; either language alone is also recognised on upload.
 */
export interface IntakeColumn {
  /** Where the value goes in a `CaseIntake`. */
  path: readonly string[];
  ko: string;
  en: string;
  kind: 'text' | 'date' | 'boolean' | 'number';
}

const col = (path: string[], ko: string, en: string, kind: IntakeColumn['kind'] = 'text'): IntakeColumn => ({ path, ko, en, kind });

export const INTAKE_COLUMNS: readonly IntakeColumn[] = [
  col(['firstConsultationDate'], '1차 상담일', 'First consultation date', 'date'),
  col(['requestingAgent'], '요청 상담원', 'Requesting agent'),
  col(['customerName'], '고객명', 'Customer name'),
  col(['contactNumber'], '연락처', 'Contact number'),
  col(['reachableHours'], '연락 가능 시간', 'Reachable hours'),
  col(['siteUrl'], '사이트 주소', 'Site address'),
  col(['siteCredentials', 'userId'], '사이트 ID', 'Site user ID'),
  col(['siteCredentials', 'password'], '사이트 비밀번호', 'Site password'),
  col(['symptoms'], '장애 증상', 'Symptoms'),
  col(['reproducesOnCallCenterPc'], '상담원 PC 동일 증상', 'Same symptom on call-center PC', 'boolean'),
  col(['pcSpec', 'cpu'], 'CPU', 'CPU'),
  col(['pcSpec', 'ramGb'], 'RAM(GB)', 'RAM (GB)', 'number'),
  col(['pcSpec', 'gpu'], '그래픽카드', 'Graphics card'),
  col(['pcSpec', 'os'], '운영체제', 'Operating system'),
  col(['pcSpec', 'windowsScore'], '윈도우 체험 지수', 'Windows experience score', 'number'),
  ...FIRST_LEVEL_CHECKS.flatMap((c) => [
    col(['firstLevelChecks', c.key, 'done'], `[${c.ref}] ${c.ko} - 조치`, `[${c.ref}] ${c.en} - done`, 'boolean'),
    col(['firstLevelChecks', c.key, 'result'], `[${c.ref}] ${c.ko} - 결과`, `[${c.ref}] ${c.en} - result`),
  ]),
  col(['handOverConsent'], '2차 지원 동의', 'Hand-over consent', 'boolean'),
  col(['urgent'], '긴급', 'Urgent', 'boolean'),
];

export function columnHeader(c: IntakeColumn): string {
  return `${c.ko} / ${c.en}`;
}

/** Most rows one upload may hold. */
export const MAX_IMPORT_ROWS = 2000;

/**
 * What reading an upload may cost at most, checked while the file is unpacked and before it is
 * parsed, so that a small file that unpacks to a huge one (a "zip bomb") is refused at once.
 * A full 2000-row intake workbook (every column filled, 300-character symptoms) unpacks to
 * about 7 MB and 70,000 cells.
 */
export const UPLOAD_READ_LIMITS = {
  /** Rows of all sheets together, blank ones included (the guide sheet counts too). */
  maxRows: 10_000,
  /** Cells of all sheets together. */
  maxCells: 400_000,
  /** Bytes an .xlsx unpacks to, all its parts together. */
  maxUnpackedBytes: 16 * 2 ** 20,
  /** Parts (zip entries) of an .xlsx. */
  maxParts: 256,
} as const;

export const ImportedRow = z.object({ row: z.number().int(), caseId: z.number().int(), ref: z.string() });
export const RejectedRow = z.object({
  row: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** Field path → problem, with the column header it came from. */
  fields: z.record(z.string(), FieldIssue.extend({ column: z.string().nullable() })),
});
export const ImportResult = z.object({
  totalRows: z.number().int(),
  imported: z.array(ImportedRow),
  rejected: z.array(RejectedRow),
});
export type ImportResult = z.infer<typeof ImportResult>;
export type RejectedRow = z.infer<typeof RejectedRow>;

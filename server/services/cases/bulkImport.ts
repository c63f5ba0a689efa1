import { AppError } from '../../../shared/errors.js';
import type { CaseIntake } from '../../../shared/schemas/cases.js';
import { caseRef } from '../../../shared/schemas/cases.js';
import type { ImportResult, RejectedRow } from '../../../shared/schemas/intakeSheet.js';
import { recordAudit } from '../../audit/trail.js';
import type { AppContext } from '../../context.js';
import { userActor, type AuthUser } from '../../access/actors.js';
import { insertCases, requireCallCenterCompany, validateIntake } from './intake.js';
import { columnForPath, XLSX_TYPE } from './sheet.js';
import type { SheetFormat, SheetReader } from './sheetReader.js';

type Deps = Pick<AppContext, 'store' | 'clock' | 'config' | 'holidays' | 'secrets'> & { sheets: SheetReader };

function formatOf(contentType: string): SheetFormat {
  if (contentType === XLSX_TYPE) return 'xlsx';
  if (contentType === 'text/csv') return 'csv';
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Upload ${XLSX_TYPE} (.xlsx) or text/csv (.csv).`);
}

function rejected(row: number, error: unknown): RejectedRow {
  if (!(error instanceof AppError)) throw error;
  const fields = Object.fromEntries(Object.entries(error.fields ?? {}).map(([path, issue]) => [path, { ...issue, column: columnForPath(path) }]));
  return { row, code: error.code, message: error.message, fields };
}

/**
 * Bulk intake (§4.1): each row is validated exactly like a single request. Valid rows become
 * cases in one transaction; invalid ones are reported with their row number and fields.
 */
export async function importCases(ctx: Deps, actor: AuthUser, contentType: string, body: Buffer): Promise<ImportResult> {
  requireCallCenterCompany(actor);
  const format = formatOf(contentType);
  const rows = await ctx.sheets.read(format, body);
  const now = ctx.clock.now();
  const valid: Array<{ row: number; intake: CaseIntake }> = [];
  const refused: RejectedRow[] = [];
  for (const { row, input } of rows) {
    try {
      valid.push({ row, intake: validateIntake(input, now, ctx.config.timeZone) });
    } catch (error) {
      refused.push(rejected(row, error));
    }
  }
  const created = await ctx.store.write(async (tx) => {
    const records = await insertCases(ctx, tx, actor, valid.map((v) => v.intake), { via: 'import', rows: valid.map((v) => v.row) });
    await recordAudit(tx, ctx.clock.now(), {
      actor: userActor(actor),
      action: 'case.import',
      details: {
        format,
        totalRows: rows.length,
        imported: records.map((r, i) => ({ row: valid[i]?.row, caseId: r.id })),
        rejectedRows: refused.map((r) => r.row),
      },
    });
    return records;
  });
  return {
    totalRows: rows.length,
    imported: created.map((r, i) => ({ row: valid[i]!.row, caseId: r.id, ref: caseRef(r.id) })),
    rejected: refused,
  };
}

import { AppError } from '../../../shared/errors.js';
import type { CaseIntake } from '../../../shared/schemas/cases.js';
import { CaseIntake as CaseIntakeSchema, caseRef } from '../../../shared/schemas/cases.js';
import { parse } from '../../../shared/validation.js';
import { recordAudit } from '../../audit/trail.js';
import type { AppContext } from '../../context.js';
import { userActor, type AuthUser } from '../../access/actors.js';
import { businessHoursStatus } from '../../domain/businessHours.js';
import { consultationDateIssue } from '../../domain/consultationDate.js';
import type { CaseRecord, Repositories } from '../../store/types.js';
import { businessCalendar } from '../calendar.js';

/**
 * Everything that decides whether a second-level request is accepted: the §7 schema (fields,
 * vagueness, §7.8 common symptom, §1.4 consent) and the date's plausibility, which needs the clock.
 */
export function validateIntake(input: unknown, nowMs: number, timeZone: string): CaseIntake {
  const intake = parse(CaseIntakeSchema, input, 'second-level request');
  const dateIssue = consultationDateIssue(intake.firstConsultationDate, nowMs, timeZone);
  if (dateIssue) {
    throw new AppError('VALIDATION_FAILED', `The second-level request is not valid: ${dateIssue.message}`, {
      fields: { firstConsultationDate: dateIssue },
    });
  }
  return intake;
}

export function requireCallCenterCompany(actor: AuthUser): number {
  if (actor.role !== 'callcenter' || actor.companyId === null) {
    throw new AppError('FORBIDDEN', 'Only call-center staff of a customer company file second-level requests.');
  }
  return actor.companyId;
}

/**
 * Files validated requests inside the caller's transaction, each with its audit entry.
 * A request that arrives outside business hours is accepted and marked with the next opening,
 * which is also when its first-contact clock starts.
 */
export async function insertCases(
  ctx: Pick<AppContext, 'clock' | 'config' | 'holidays' | 'secrets'>,
  tx: Repositories,
  actor: AuthUser,
  intakes: readonly CaseIntake[],
  source: { via: 'api' } | { via: 'import'; rows: readonly number[] },
): Promise<CaseRecord[]> {
  const companyId = requireCallCenterCompany(actor);
  const nowMs = ctx.clock.now();
  const now = new Date(nowMs).toISOString();
  const hours = businessHoursStatus(nowMs, await businessCalendar(ctx, tx));
  const created: CaseRecord[] = [];
  for (const [index, { siteCredentials, ...intake }] of intakes.entries()) {
    let record = await tx.cases.insert({
      companyId,
      filedBy: actor.id,
      status: 'received',
      urgent: intake.urgent,
      receivedAt: now,
      queuedAt: now,
      receivedWithinHours: hours.open,
      nextOpeningAt: hours.nextOpeningAt,
      slaStartsAt: hours.nextOpeningAt ?? now,
      intake,
    });
    if (siteCredentials) {
      await tx.cases.setSealedCredentials(record.id, ctx.secrets.seal(JSON.stringify(siteCredentials), `case:${record.id}`));
      record = { ...record, hasCredentials: true };
    }
    await recordAudit(tx, nowMs, {
      actor: userActor(actor),
      action: 'case.filed',
      caseId: record.id,
      details: {
        ref: caseRef(record.id),
        companyId,
        urgent: intake.urgent,
        receivedWithinBusinessHours: hours.open,
        nextOpeningAt: hours.nextOpeningAt,
        hasSiteCredentials: Boolean(siteCredentials),
        ...(source.via === 'import' ? { via: 'import', row: source.rows[index] } : { via: 'api' }),
      },
    });
    created.push(record);
  }
  return created;
}

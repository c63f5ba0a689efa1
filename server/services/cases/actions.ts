import { AppError } from '../../../shared/errors.js';
import type { ContactAttemptRequest, SiteCredentials, TransitionRequest, CaseView } from '../../../shared/schemas/cases.js';
import { SiteCredentials as SiteCredentialsSchema } from '../../../shared/schemas/cases.js';
import { recordAudit } from '../../audit/trail.js';
import type { AppContext } from '../../context.js';
import { userActor, type AuthUser } from '../../access/actors.js';
import { applyTransition, statusAfterContact } from '../../domain/lifecycle.js';
import type { CaseRecord, Repositories } from '../../store/types.js';
import { loadDirectory } from './directory.js';
import { loadVisibleCase } from '../../access/caseVisibility.js';
import { toCaseView } from './views.js';

type Deps = Pick<AppContext, 'store' | 'clock' | 'secrets'>;

/** Work on a case (contacts, transitions, credentials) is done by the engineer it is assigned to. */
function requireAssignee(c: CaseRecord, engineer: AuthUser): void {
  if (c.assigneeId !== engineer.id) {
    throw new AppError('NOT_ASSIGNED', c.assigneeId === null ? 'Assign the case to yourself first.' : 'The case is assigned to another engineer.', {
      details: { assigneeId: c.assigneeId },
    });
  }
}

async function view(ctx: Deps, record: CaseRecord, repos: Repositories): Promise<CaseView> {
  return toCaseView(record, await loadDirectory(ctx.store.read), ctx.clock.now(), await repos.cases.contacts(record.id));
}

export async function assignToSelf(ctx: Deps, engineer: AuthUser, id: number): Promise<CaseView> {
  const record = await ctx.store.write(async (tx) => {
    const c = await loadVisibleCase(tx, engineer, id);
    if (c.status === 'closed') throw new AppError('INVALID_TRANSITION', 'A closed case cannot be assigned (current state: closed).', { details: { currentStatus: c.status } });
    if (c.assigneeId === engineer.id) return c;
    if (c.assigneeId !== null) throw new AppError('CONFLICT', 'The case is assigned to another engineer.', { details: { assigneeId: c.assigneeId } });
    const updated = await tx.cases.update(id, { assigneeId: engineer.id });
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(engineer), action: 'case.assigned', caseId: id, details: { assigneeId: engineer.id } });
    return updated;
  });
  return view(ctx, record, ctx.store.read);
}

/** Logs a call to the user (§2). The first successful one fixes the case's time to first contact. */
export async function logContact(ctx: Deps, engineer: AuthUser, id: number, request: ContactAttemptRequest): Promise<CaseView> {
  const record = await ctx.store.write(async (tx) => {
    const c = await loadVisibleCase(tx, engineer, id);
    requireAssignee(c, engineer);
    if (c.status === 'closed') throw new AppError('INVALID_TRANSITION', 'The case is closed (current state: closed).', { details: { currentStatus: c.status, currentOutcome: c.outcome } });
    const now = new Date(ctx.clock.now()).toISOString();
    await tx.cases.addContact({ caseId: id, engineerId: engineer.id, at: now, reached: request.reached, note: request.note ?? null });
    const status = statusAfterContact(c.status, request.reached);
    const firstContact = request.reached && c.firstContactAt === null;
    const updated = await tx.cases.update(id, { status, firstContactAt: firstContact ? now : undefined });
    await recordAudit(tx, ctx.clock.now(), {
      actor: userActor(engineer),
      action: 'case.contact_logged',
      caseId: id,
      details: { reached: request.reached, note: request.note ?? null, firstContact, statusFrom: c.status, statusTo: status },
    });
    return updated;
  });
  return view(ctx, record, ctx.store.read);
}

export async function transition(ctx: Deps, engineer: AuthUser, id: number, request: TransitionRequest): Promise<CaseView> {
  const record = await ctx.store.write(async (tx) => {
    const c = await loadVisibleCase(tx, engineer, id);
    requireAssignee(c, engineer);
    const next = applyTransition(c, request);
    const now = new Date(ctx.clock.now()).toISOString();
    const updated = await tx.cases.update(id, {
      status: next.status,
      outcome: next.outcome,
      outcomeNote: next.note,
      closedAt: next.status === 'closed' ? now : null,
      queuedAt: next.requeued ? now : undefined,
    });
    await recordAudit(tx, ctx.clock.now(), {
      actor: userActor(engineer),
      action: request.action === 'reopen' ? 'case.reopened' : 'case.closed',
      caseId: id,
      details: { statusFrom: c.status, statusTo: next.status, outcomeFrom: c.outcome, outcome: next.outcome, note: next.note },
    });
    return updated;
  });
  return view(ctx, record, ctx.store.read);
}

/**
 * Shows the site credentials to the assigned engineer, and only with a reason that goes into the
 * audit log in the same transaction: no reveal without its record.
 */
export async function revealCredentials(ctx: Deps, engineer: AuthUser, id: number, reason: string): Promise<SiteCredentials> {
  return ctx.store.write(async (tx) => {
    const c = await loadVisibleCase(tx, engineer, id);
    requireAssignee(c, engineer);
    const sealed = await tx.cases.sealedCredentials(id);
    if (!sealed) throw new AppError('NOT_FOUND', 'The case has no site credentials.');
    const credentials = SiteCredentialsSchema.parse(JSON.parse(ctx.secrets.open(sealed, `case:${id}`)));
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(engineer), action: 'case.credentials_revealed', caseId: id, details: { reason } });
    return credentials;
  });
}

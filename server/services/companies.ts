import { AppError } from '../../shared/errors.js';
import type { CompanyView, CreateCompanyRequest, UpdateCompanyRequest } from '../../shared/schemas/companies.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor, type AuthUser } from '../access/actors.js';
import type { Repositories } from '../store/types.js';

type Deps = Pick<AppContext, 'store' | 'clock'>;

export async function listCompanies(ctx: Deps): Promise<CompanyView[]> {
  return ctx.store.read.companies.list();
}

export async function getCompany(ctx: Deps, id: number): Promise<CompanyView> {
  const company = await ctx.store.read.companies.byId(id);
  if (!company) throw new AppError('NOT_FOUND', `No company ${id}.`);
  return company;
}

async function refuseDuplicateName(tx: Repositories, name: string, exceptId?: number): Promise<void> {
  const existing = await tx.companies.byName(name);
  if (existing && existing.id !== exceptId) {
    throw new AppError('CONFLICT', `A company named "${name}" exists.`, { fields: { name: { code: 'INVALID', message: 'This name is taken.' } } });
  }
}

export async function createCompany(ctx: Deps, actor: AuthUser, request: CreateCompanyRequest): Promise<CompanyView> {
  return ctx.store.write(async (tx) => {
    await refuseDuplicateName(tx, request.name);
    const company = await tx.companies.insert({ ...request, createdAt: new Date(ctx.clock.now()).toISOString() });
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'company.created', details: { companyId: company.id, ...request } });
    return company;
  });
}

export async function updateCompany(ctx: Deps, actor: AuthUser, id: number, request: UpdateCompanyRequest): Promise<CompanyView> {
  return ctx.store.write(async (tx) => {
    if (!(await tx.companies.byId(id))) throw new AppError('NOT_FOUND', `No company ${id}.`);
    if (request.name) await refuseDuplicateName(tx, request.name, id);
    const company = await tx.companies.update(id, request);
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'company.updated', details: { companyId: id, ...request } });
    return company;
  });
}

/** A company that users or cases refer to stays: its history must remain readable. */
export async function deleteCompany(ctx: Deps, actor: AuthUser, id: number): Promise<void> {
  await ctx.store.write(async (tx) => {
    const company = await tx.companies.byId(id);
    if (!company) throw new AppError('NOT_FOUND', `No company ${id}.`);
    const refs = await tx.companies.references(id);
    if (refs.users > 0 || refs.cases > 0) {
      throw new AppError('CONFLICT', `The company has ${refs.users} users and ${refs.cases} cases; it cannot be deleted.`, { details: refs });
    }
    await tx.companies.delete(id);
    await recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'company.deleted', details: { companyId: id, name: company.name } });
  });
}

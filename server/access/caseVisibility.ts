import { AppError } from '../../shared/errors.js';
import type { CaseRecord, Repositories } from '../store/types.js';
import type { AuthUser } from './actors.js';

/** Call-center staff see their own company's cases only; to them another company's case does not exist. */
export function canSee(user: AuthUser, c: CaseRecord): boolean {
  return user.role !== 'callcenter' || c.companyId === user.companyId;
}

/** The case, if this user may see it; otherwise `NOT_FOUND`, as if it did not exist. */
export async function loadVisibleCase(repos: Pick<Repositories, 'cases'>, user: AuthUser, id: number): Promise<CaseRecord> {
  const c = await repos.cases.byId(id);
  if (!c || !canSee(user, c)) throw new AppError('NOT_FOUND', `No case ${id}.`);
  return c;
}

import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { CreateUserRequest, UpdateUserRequest } from '../../../shared/schemas/auth.js';
import { CreateCompanyRequest, UpdateCompanyRequest } from '../../../shared/schemas/companies.js';
import type { AppContext } from '../../context.js';
import { createCompany, deleteCompany, getCompany, listCompanies, updateCompany } from '../../services/companies.js';
import { createUser, getUser, listUsers, updateUser } from '../../services/users.js';
import { allow, currentUser } from '../auth.js';
import { bodyOf, idOf } from '../validate.js';

/** Customer companies: admins manage them; staff read them; call-center staff see their own. */
export function companyRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', allow('admin', 'engineer', 'auditor'), async (_req, res) => {
    res.json(await listCompanies(ctx));
  });
  router.get('/:id', async (req, res) => {
    const id = idOf(req);
    const user = currentUser(res);
    if (user.role === 'callcenter' && user.companyId !== id) throw new AppError('NOT_FOUND', `No company ${id}.`);
    res.json(await getCompany(ctx, id));
  });
  router.post('/', allow('admin'), async (req, res) => {
    res.status(201).json(await createCompany(ctx, currentUser(res), bodyOf(CreateCompanyRequest, req)));
  });
  router.patch('/:id', allow('admin'), async (req, res) => {
    res.json(await updateCompany(ctx, currentUser(res), idOf(req), bodyOf(UpdateCompanyRequest, req)));
  });
  router.delete('/:id', allow('admin'), async (req, res) => {
    await deleteCompany(ctx, currentUser(res), idOf(req));
    res.status(204).end();
  });
  return router;
}

/** Staff accounts: admins only. Users are disabled, never deleted: the audit log names them. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(allow('admin'));
  router.get('/', async (_req, res) => {
    res.json(await listUsers(ctx));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getUser(ctx, idOf(req)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await createUser(ctx, currentUser(res), bodyOf(CreateUserRequest, req)));
  });
  router.patch('/:id', async (req, res) => {
    res.json(await updateUser(ctx, currentUser(res), idOf(req), bodyOf(UpdateUserRequest, req)));
  });
  return router;
}

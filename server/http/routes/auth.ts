import { Router } from 'express';
import { LoginRequest } from '../../../shared/schemas/auth.js';
import type { AppContext } from '../../context.js';
import { getUser } from '../../services/users.js';
import { login } from '../../services/auth.js';
import { currentUser, requireAuth } from '../auth.js';
import { bodyOf } from '../validate.js';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    res.json(await login(ctx, bodyOf(LoginRequest, req), req.ip ?? 'unknown'));
  });
  router.get('/me', requireAuth(ctx), async (_req, res) => {
    res.json(await getUser(ctx, currentUser(res).id));
  });
  return router;
}

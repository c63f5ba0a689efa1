import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../../context.js';
import { sendIncompressible } from '../incompressible.js';
import { runningSessionOf } from '../sessionToken.js';
import { queryOf } from '../validate.js';

const DownloadQuery = z.strictObject({ bytes: z.coerce.number().int().min(1).max(20 * 2 ** 20).default(2 * 2 ** 20) });

/**
 * `/api/agent`: what the agent needs over HTTP. Authenticated with the session token (as a
 * Bearer header), and only while the session runs.
 */
export function agentRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/download', async (req, res) => {
    await runningSessionOf(ctx, req);
    const { bytes } = queryOf(DownloadQuery, req);
    await sendIncompressible(res, bytes);
  });
  return router;
}

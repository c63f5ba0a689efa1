import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { ServerContext } from '../../context.js';
import { sessionTransition } from '../../domain/sessions/stateMachine.js';
import { hashSessionToken } from '../../security/joinCodes.js';
import { queryOf } from '../validate.js';

const DownloadQuery = z.strictObject({ bytes: z.coerce.number().int().min(1).max(20 * 2 ** 20).default(2 * 2 ** 20) });
/** Incompressible bytes, made once: the throughput test measures the network, not our RNG. */
const BLOCK = randomBytes(64 * 1024);

/**
 * `/api/agent`: what the agent needs over HTTP. Authenticated with the session token (as a
 * Bearer header), and only while the session runs.
 */
export function agentRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/download', async (req, res) => {
    const token = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(req.get('authorization') ?? '')?.[1];
    const session = token ? await ctx.store.read.sessions.byTokenHash(hashSessionToken(token)) : null;
    if (!session) throw new AppError('SESSION_TOKEN_INVALID', 'Send the session token as "Authorization: Bearer <token>".');
    sessionTransition(session.status, 'relay');
    const { bytes } = queryOf(DownloadQuery, req);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(bytes));
    res.setHeader('Cache-Control', 'no-store');
    for (let sent = 0; sent < bytes; sent += BLOCK.length) {
      const chunk = BLOCK.subarray(0, Math.min(BLOCK.length, bytes - sent));
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
  return router;
}

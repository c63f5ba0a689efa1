import { Router } from 'express';
import { z } from 'zod';
import type { AgentBuildListing } from '../../../shared/agentBuilds.js';
import { EmptyBody } from '../../../shared/schemas/common.js';
import { agentActor } from '../../access/actors.js';
import type { ServerContext } from '../../context.js';
import { endSession } from '../../sessions/ending.js';
import type { AgentBuilds } from '../download.js';
import { sendIncompressible } from '../incompressible.js';
import { runningSessionOf, sessionOfToken } from '../sessionToken.js';
import { bodyOf, queryOf } from '../validate.js';

const DownloadQuery = z.strictObject({ bytes: z.coerce.number().int().min(1).max(20 * 2 ** 20).default(2 * 2 ** 20) });

/**
 * `/api/agent`: what the end user's side needs over HTTP. The throughput download and the stop
 * are authenticated with the session token (as a Bearer header); the list of agent builds is
 * public, as the `/download` page is.
 */
export function agentRoutes(ctx: ServerContext, builds: AgentBuilds): Router {
  const router = Router();
  router.get('/download', async (req, res) => {
    await runningSessionOf(ctx, req);
    const { bytes } = queryOf(DownloadQuery, req);
    await sendIncompressible(res, bytes);
  });
  router.get('/builds', async (_req, res) => {
    const body: AgentBuildListing[] = (await builds.list()).map((b) => ({ ...b, url: `/download/${encodeURIComponent(b.file)}` }));
    res.setHeader('Cache-Control', 'no-cache');
    res.json(body);
  });
  // The join page's last word as it goes away (pagehide, as a keepalive request, which outlives the
  // page where a socket message may not): the user closed it, so the session ends as their stop.
  router.post('/stop', async (req, res) => {
    const session = await sessionOfToken(ctx, req);
    bodyOf(EmptyBody, req);
    await endSession(ctx.live, session.id, 'user_stopped', agentActor(session), { via: 'page_closed' });
    res.status(204).end();
  });
  return router;
}

import { Router } from 'express';
import type { ServerContext } from '../../context.js';
import { consentsOfSession, diagnosticsOfCase, getSession, playbackChecksOfCase, searchSessions, sessionsOfCase } from '../../services/sessionQueries.js';
import { SessionListQuery } from '../../../shared/protocol/session.js';
import { endByEngineer } from '../../sessions/ending.js';
import { openSession } from '../../sessions/open.js';
import { allow, currentUser } from '../auth.js';
import { idOf, queryOf } from '../validate.js';

/** `/api/cases/:id/sessions`: open a live session (join code) and list a case's sessions. */
export function caseSessionRoutes(ctx: ServerContext): Router {
  const router = Router({ mergeParams: true });
  router.post('/', allow('engineer'), async (req, res) => {
    res.status(201).setHeader('Cache-Control', 'no-store');
    res.json(await openSession(ctx.live, currentUser(res), idOf(req)));
  });
  router.get('/', async (req, res) => {
    res.json(await sessionsOfCase(ctx, currentUser(res), idOf(req)));
  });
  return router;
}

/** `/api/cases/:id/diagnostics`: the pre-check and later diagnostics of a case. */
export function caseDiagnosticsRoutes(ctx: ServerContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    res.json(await diagnosticsOfCase(ctx, currentUser(res), idOf(req)));
  });
  return router;
}

/** `/api/cases/:id/playback-checks`: the video-playback checks the case's browser sessions ran. */
export function casePlaybackCheckRoutes(ctx: ServerContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await playbackChecksOfCase(ctx, currentUser(res), idOf(req)));
  });
  return router;
}

/** `/api/sessions/:id`: a session, its consent records, and ending it from REST. */
export function sessionRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/', allow('auditor', 'admin', 'engineer'), async (req, res) => {
    res.json(await searchSessions(ctx, queryOf(SessionListQuery, req)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getSession(ctx, currentUser(res), idOf(req)));
  });
  router.get('/:id/consents', allow('engineer', 'admin', 'auditor'), async (req, res) => {
    res.json(await consentsOfSession(ctx, currentUser(res), idOf(req)));
  });
  router.post('/:id/end', allow('engineer'), async (req, res) => {
    const user = currentUser(res);
    const id = idOf(req);
    await endByEngineer(ctx.live, user, id);
    res.json(await getSession(ctx, user, id));
  });
  return router;
}

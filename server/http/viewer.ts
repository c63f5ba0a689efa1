import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Where `npm run build:viewer` puts the web app. */
export const VIEWER_DIST = join(import.meta.dirname, '..', '..', 'viewer', 'dist');

/**
 * Serves the web app: hashed assets cached for long, and index.html for every other GET outside
 * /api, so deep links (e.g. /cases/42) open the app at that page.
 */
export function viewerRoutes(dist = VIEWER_DIST): Router {
  const router = Router();
  if (!existsSync(join(dist, 'index.html'))) {
    router.get(/^(?!\/api\/).*/, (_req, res) => {
      res.status(503).type('text').send('The web app is not built. Run: npm run build:viewer');
    });
    return router;
  }
  router.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.get(/^(?!\/api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dist, 'index.html'));
  });
  return router;
}

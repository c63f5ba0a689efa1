import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router } from 'express';
import { pageLanguage } from './language.js';

/** Where `npm run build:viewer` puts the web app. */
export const VIEWER_DIST = join(import.meta.dirname, '..', '..', 'viewer', 'dist');

/**
 * Serves the web app: hashed assets cached for long, the end users' join page at `/join` (no
 * login; its `<html lang>` set from the request's language, which the page reads), and
 * index.html for every other GET outside /api, so deep links (e.g. /cases/42) open the app at
 * that page.
 */
export function viewerRoutes(dist = VIEWER_DIST): Router {
  const router = Router();
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'join.html'))) {
    router.get(/^(?!\/api\/).*/, (_req, res) => {
      res.status(503).type('text').send('The web app is not built. Run: npm run build:viewer');
    });
    return router;
  }
  router.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.get(['/join', '/join/'], (req, res, next) => {
    const lang = pageLanguage(req);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Language');
    // Read at each request, as index.html is sent: a rebuilt app is served without a restart.
    readFile(join(dist, 'join.html'), 'utf8').then(
      (html) => res.type('html').send(html.replace(/<html lang="[a-z]+">/, `<html lang="${lang}">`)),
      (error: unknown) => next(error),
    );
  });
  router.get(/^(?!\/api\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dist, 'index.html'));
  });
  return router;
}

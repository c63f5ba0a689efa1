import { join } from 'node:path';
import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { CLIP_NAMES, clipFileName, type ClipName } from '../../../shared/playbackCheck/catalog.js';
import { CheckDownloadQuery, type CheckPingResponse, type ClipsResponse } from '../../../shared/playbackCheck/endpoints.js';
import { readClipManifest, type ClipManifest } from '../../check/clipManifest.js';
import type { ServerContext } from '../../context.js';
import { WindowBudget, type BudgetVerdict } from '../../security/windowBudget.js';
import { sendIncompressible } from '../incompressible.js';
import { runningSessionOf } from '../sessionToken.js';
import { queryOf } from '../validate.js';

const TEN_MINUTES = 10 * 60_000;
/** Per session and 10 minutes: a check downloads at most ~17 MiB, so this allows a few reruns. */
export const CHECK_DOWNLOAD_BUDGET_BYTES = 64 * 2 ** 20;
/** Per session and 10 minutes: a check sends 10 pings. */
export const CHECK_PING_BUDGET = 300;

function spend(verdict: BudgetVerdict, what: string): void {
  if (verdict.allowed) return;
  const retryAfterSeconds = Math.ceil(verdict.retryAfterMs / 1000);
  throw new AppError('RATE_LIMITED', `Too many ${what} for this session; try again in ${retryAfterSeconds} s.`, { details: { retryAfterSeconds } });
}

function clipsNotBuilt(): AppError {
  return new AppError('CHECK_CLIPS_NOT_BUILT', 'The test clips of the playback check are not built on this server (run: npm run build:clips).');
}

/** The short revision in clip URLs: a new build gets new URLs, so immutable caching stays right. */
const revisionOf = (manifest: ClipManifest) => manifest.argsHash.slice(0, 16);

/**
 * `/api/check`: the network probes of the playback check in the end user's browser. `ping` and
 * `download` take the session token (as the agent's download does) and only while the session
 * runs; each session's use is bounded. The clip list is public, like the clips themselves.
 */
export function checkRoutes(ctx: ServerContext): Router {
  const router = Router();
  const downloads = new WindowBudget({ limit: CHECK_DOWNLOAD_BUDGET_BYTES, windowMs: TEN_MINUTES }, ctx.clock);
  const pings = new WindowBudget({ limit: CHECK_PING_BUDGET, windowMs: TEN_MINUTES }, ctx.clock);

  router.get('/ping', async (req, res) => {
    const session = await runningSessionOf(ctx, req);
    spend(pings.take(String(session.id), 1), 'pings');
    res.setHeader('Cache-Control', 'no-store');
    const body: CheckPingResponse = { serverTimeMs: ctx.clock.now() };
    res.json(body);
  });

  router.get('/download', async (req, res) => {
    const session = await runningSessionOf(ctx, req);
    const { bytes } = queryOf(CheckDownloadQuery, req);
    spend(downloads.take(String(session.id), bytes), 'downloads');
    await sendIncompressible(res, bytes);
  });

  router.get('/clips', (_req, res) => {
    const manifest = readClipManifest(ctx.config.checkClipsDir);
    if (!manifest) throw clipsNotBuilt();
    const revision = revisionOf(manifest);
    const body: ClipsResponse = {
      revision,
      clips: manifest.clips.map((c) => ({
        name: c.name,
        url: `/check/${c.file}?v=${revision}`,
        contentType: `video/mp4; codecs="${c.codecs}"`,
        bytes: c.bytes,
        width: c.width,
        height: c.height,
        frames: c.frames,
        durationMs: c.durationMs,
      })),
    };
    res.setHeader('Cache-Control', 'no-cache');
    res.json(body);
  });
  return router;
}

const CLIP_FILES = new Map<string, ClipName>(CLIP_NAMES.map((name) => [clipFileName(name), name]));

/**
 * `/check/clip-720p.mp4`, `/check/clip-1080p.mp4`: the test clips, public (static test media,
 * nothing of anyone's), cacheable for ever (their URLs carry the build's revision), with range
 * requests as players make them.
 */
export function checkClipRoutes(ctx: Pick<ServerContext, 'config'>): Router {
  const router = Router();
  // Everything under /check is ours: a wrong name is NOT_FOUND, never the web app's page.
  router.get(/^\/check(\/.*)?$/, (req, res, next) => {
    const file = req.path.slice('/check/'.length);
    const name = CLIP_FILES.get(file);
    if (!name) throw new AppError('NOT_FOUND', `There is no test clip at ${req.path.slice(0, 100)}.`);
    const dir = ctx.config.checkClipsDir;
    const clip = readClipManifest(dir)?.clips.find((c) => c.name === name);
    if (!clip) throw clipsNotBuilt();
    res.sendFile(join(dir, clip.file), { headers: { 'Content-Type': 'video/mp4' }, maxAge: '365d', immutable: true, acceptRanges: true }, (error?: Error) => {
      if (!error) return;
      // A client that went away mid-file is not an error of ours; anything else is.
      if ((error as NodeJS.ErrnoException).code === 'ECONNABORTED' || res.headersSent) return;
      next((error as { status?: number }).status === 404 ? clipsNotBuilt() : error);
    });
  });
  return router;
}

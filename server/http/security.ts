import { createHash } from 'node:crypto';
import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { REPORT_STYLE } from '../reports/renderReport.js';
import { STATISTICS_STYLE } from '../stats/render.js';
import { DOWNLOAD_STYLE } from './download.js';

const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

/**
 * A strict Content-Security-Policy: scripts and styles only from this server, no inline script
 * at all. The only inline styles allowed are the fixed style blocks of the report, statistics
 * and download pages, by their hash, so those pages render styled inside the app and on their own.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", styleHash(REPORT_STYLE), styleHash(STATISTICS_STYLE), styleHash(DOWNLOAD_STYLE)],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

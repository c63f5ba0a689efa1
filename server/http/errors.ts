import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import { toAppError } from '../appErrors.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor } from '../access/actors.js';
import { identifyCaller } from './auth.js';

/** The one place where error codes become HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  CASE_NOT_SECOND_LEVEL: 422,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_CREDENTIALS: 401,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  NOT_ASSIGNED: 403,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  JOIN_CODE_INVALID: 401,
  JOIN_CODE_EXPIRED: 401,
  SESSION_TOKEN_INVALID: 401,
  ORIGIN_REFUSED: 403,
  DEVICE_NOT_SUPPORTED: 409,
  CONSENT_TEXT_MISMATCH: 409,
  SESSION_NOT_CONSENTED: 409,
  SESSION_ENDED: 409,
  NOT_SESSION_PARTICIPANT: 403,
  OBSERVERS_NOT_ALLOWED: 403,
  EXTENSION_TOO_LONG: 409,
  EXTENSION_PENDING: 409,
  EXTENSION_UNKNOWN: 404,
  REPORT_EXISTS: 409,
  VIEW_ONLY_SESSION: 409,
  CHECK_CLIPS_NOT_BUILT: 503,
};

/** What the request log line says about a failed request. */
export interface RequestErrorLocals {
  errorCode?: ErrorCode;
  errorFields?: string[] | undefined;
  /** The case a refused request was about, so its refusal shows in that case's audit trail. */
  auditCaseId?: number;
}

/**
 * Refusals that no token turns into a user's: an unusable token, and the login's own refusals
 * (the login service audits those itself, as `auth.login_failed` / `auth.login_refused`).
 */
const NOT_A_USERS_REFUSAL = new Set<ErrorCode>(['UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);

export const notFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No route ${req.method} ${req.path}.`);
};

/**
 * Turns any error into `{ error: { code, message, fields? } }`, logs it once, and records every
 * refusal of an authenticated request in the audit log (what was refused, never the body).
 */
export function errorHandler(ctx: Pick<AppContext, 'store' | 'clock' | 'logger' | 'tokens'>): ErrorRequestHandler {
  return async (err: unknown, req, res, _next) => {
    const error = toAppError(err);
    const status = HTTP_STATUS[error.code];
    const log = req.log ?? ctx.logger;
    // Logged once, on the request's own line (pino-http): the code always, the error for a 5xx.
    const locals = res.locals as RequestErrorLocals;
    locals.errorCode = error.code;
    locals.errorFields = error.fields ? Object.keys(error.fields) : undefined;
    if (status >= 500) (res as { err?: unknown }).err = err;
    // Refusals before `requireAuth` (body parsing, content type, unknown routes) are a user's too.
    const user = NOT_A_USERS_REFUSAL.has(error.code) ? undefined : await identifyCaller(ctx, req, res);
    if (user && status < 500) {
      try {
        await ctx.store.write((tx) =>
          recordAudit(tx, ctx.clock.now(), {
            actor: userActor(user),
            action: 'request.refused',
            caseId: locals.auditCaseId ?? null,
            details: { method: req.method, path: req.baseUrl + req.path, status, code: error.code, fields: error.fields ? Object.keys(error.fields) : [] },
          }),
        );
      } catch (auditError) {
        // The refusal stands either way; a failing audit store is an operational alarm.
        log.error({ err: auditError }, 'could not record a refusal in the audit log');
      }
    }
    if (error.code === 'RATE_LIMITED' && typeof error.details?.['retryAfterSeconds'] === 'number') {
      res.setHeader('Retry-After', String(error.details['retryAfterSeconds']));
    }
    if (!res.headersSent) res.status(status).json(error.toBody());
    else res.end();
  };
}

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor } from '../services/actors.js';
import { currentUser } from './auth.js';

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
};

/** body-parser's errors carry a `type`; they become our codes here. */
function fromBodyParser(error: { type?: unknown; limit?: unknown }): AppError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${String(error.limit)} bytes.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8.');
    default:
      return null;
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error && typeof error === 'object') {
    const converted = fromBodyParser(error);
    if (converted) return converted;
  }
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.', { cause: error });
}

/** What the request log line says about a failed request. */
export interface RequestErrorLocals {
  errorCode?: ErrorCode;
  errorFields?: string[] | undefined;
  /** The case a refused request was about, so its refusal shows in that case's audit trail. */
  auditCaseId?: number;
}

export const notFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No route ${req.method} ${req.path}.`);
};

/**
 * Turns any error into `{ error: { code, message, fields? } }`, logs it once, and records every
 * refusal of an authenticated request in the audit log (what was refused, never the body).
 */
export function errorHandler(ctx: Pick<AppContext, 'store' | 'clock' | 'logger'>): ErrorRequestHandler {
  return async (err: unknown, req, res, _next) => {
    const error = toAppError(err);
    const status = HTTP_STATUS[error.code];
    const log = req.log ?? ctx.logger;
    // Logged once, on the request's own line (pino-http): the code always, the error for a 5xx.
    const locals = res.locals as RequestErrorLocals;
    locals.errorCode = error.code;
    locals.errorFields = error.fields ? Object.keys(error.fields) : undefined;
    if (status >= 500) (res as { err?: unknown }).err = err;
    const user = currentUser(res, false);
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

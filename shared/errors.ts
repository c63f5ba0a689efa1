import { z } from 'zod';

/**
 * Every error code the API and the realtime channels can return. One list, so a client can
 * switch on it exhaustively and translate it; the server maps each to an HTTP status in one place.
 */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'CASE_NOT_SECOND_LEVEL',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'CONFLICT',
  'INVALID_TRANSITION',
  'NOT_ASSIGNED',
  'INTERNAL',
  /** A service the servers share (Redis, with several servers) is unreachable: logins and joins are refused until it is back. */
  'SERVICE_UNAVAILABLE',
  // Live sessions
  'JOIN_CODE_INVALID',
  'JOIN_CODE_EXPIRED',
  'SESSION_TOKEN_INVALID',
  'ORIGIN_REFUSED',
  'DEVICE_NOT_SUPPORTED',
  'CONSENT_TEXT_MISMATCH',
  'SESSION_NOT_CONSENTED',
  'SESSION_ENDED',
  'NOT_SESSION_PARTICIPANT',
  'OBSERVERS_NOT_ALLOWED',
  'EXTENSION_TOO_LONG',
  'EXTENSION_PENDING',
  'EXTENSION_UNKNOWN',
  'REPORT_EXISTS',
  'VIEW_ONLY_SESSION',
  // The playback check
  'CHECK_CLIPS_NOT_BUILT',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Codes of a single field's problem, inside `error.fields`. */
export const FieldIssueCode = z.enum([
  'REQUIRED',
  'INVALID',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_VAGUE',
  'NOT_SECOND_LEVEL',
  'CONSENT_REQUIRED',
  'RESULT_REQUIRED',
  'FUTURE_DATE',
  'TOO_OLD',
  'UNKNOWN_FIELD',
]);
export type FieldIssueCode = z.infer<typeof FieldIssueCode>;

export const FieldIssue = z.object({ code: FieldIssueCode, message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Field path (dot-separated, e.g. `firstLevelChecks.malwareScan.result`) → its problem. */
export const FieldIssues = z.record(z.string(), FieldIssue);
export type FieldIssues = z.infer<typeof FieldIssues>;

/** The body of every error response: `{ "error": { code, message, fields? } }`. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    fields: FieldIssues.optional(),
    /** Extra machine-readable facts, e.g. the current state of a refused transition. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/**
 * The one error type of the project. Thrown by domain code and routes; the HTTP layer and the
 * socket layer turn it into their wire form.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssues | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldIssues; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

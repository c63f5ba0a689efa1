import { AppError } from '../shared/errors.js';

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
  // The router decodes path parameters and throws a URIError on a broken percent-escape
  // (`/api/cases/%E0%A4%A`): the client's mistake, on every route.
  if (error instanceof URIError) {
    return new AppError('VALIDATION_FAILED', 'The request path is not valid: it has a broken percent-escape.', {
      fields: { path: { code: 'INVALID', message: 'A "%" must be followed by two hex digits that spell valid UTF-8.' } },
    });
  }
  if (error && typeof error === 'object') {
    const converted = fromBodyParser(error);
    if (converted) return converted;
  }
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.', { cause: error });
}

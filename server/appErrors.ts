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
  if (error && typeof error === 'object') {
    const converted = fromBodyParser(error);
    if (converted) return converted;
  }
  return new AppError('INTERNAL', 'Something went wrong on our side. It has been logged.', { cause: error });
}

import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors wherever they appear in a log line. Bodies are never logged, but a secret
 * that reaches a log call by accident (an error's details, a handshake) is still caught here.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  'token',
  'joinCode',
  'sessionToken',
  'siteCredentials',
  'auth',
  '*.password',
  '*.token',
  '*.joinCode',
  '*.code',
  '*.sessionToken',
  '*.siteCredentials',
  '*.auth',
  '*.authorization',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'remote-assist' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

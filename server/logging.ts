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

/** A query parameter name as the API and the web app use them; anything else may be a pasted secret. */
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

/**
 * A request URL as the log may show it: the path and the names of the query parameters, never
 * their values. A token, join code or OAuth-style `code` sent in a URL (against the docs) would
 * otherwise land in clear in every log copy; a bare name that does not look like a parameter
 * (`?eyJhbGciOi…`) may itself be the secret and is shown as `[redacted]`.
 */
export function loggableUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const names = new Set<string>();
  for (const [name] of new URLSearchParams(url.slice(mark + 1))) names.add(PARAMETER_NAME.test(name) ? name : '[redacted]');
  return names.size === 0 ? url.slice(0, mark) : `${url.slice(0, mark)}?${[...names].join('&')}`;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'remote-assist' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

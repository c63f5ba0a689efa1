import { ApiErrorBody } from '../../../shared/errors.js';
import { ProbeFailure, clip } from './probe.js';

/** Where the check's requests go and how they authenticate: the session token, as a Bearer header. */
export interface CheckServer {
  /** The server's origin, e.g. `https://helpdesk.example.com` (the page's own, normally). */
  baseUrl: string;
  /** The session token the join flow gave the page; null when there is none. */
  token: string | null;
}

export const urlOf = (server: CheckServer, path: string) => `${server.baseUrl.replace(/\/+$/, '')}${path}`;

/** A GET to the server; a refusal becomes the probe's error, told in the server's own words. */
export async function get(server: CheckServer, path: string, signal: AbortSignal, options: { authenticated: boolean }): Promise<Response> {
  if (options.authenticated && !server.token) throw new ProbeFailure('refused', 'no session token: the check runs only inside a session');
  const headers: Record<string, string> = options.authenticated && server.token ? { authorization: `Bearer ${server.token}` } : {};
  const res = await fetch(urlOf(server, path), { headers, cache: 'no-store', signal });
  if (res.ok) return res;
  throw await refusal(res);
}

/** The project's error body (`{ error: { code, message } }`) as a probe error. */
async function refusal(res: Response): Promise<ProbeFailure> {
  const body = ApiErrorBody.safeParse(await res.json().catch(() => null));
  if (!body.success) return new ProbeFailure('failed', `the server answered HTTP ${res.status}`);
  const { code, message } = body.data.error;
  const text = clip(`${code}: ${message}`, 400);
  if (code === 'CHECK_CLIPS_NOT_BUILT') return new ProbeFailure('clips_not_built', text);
  return new ProbeFailure(res.status === 401 || res.status === 403 || res.status === 409 || res.status === 429 ? 'refused' : 'failed', text);
}

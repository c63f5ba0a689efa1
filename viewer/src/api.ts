import type { FieldIssues } from '../../shared/errors.js';

/** A refusal from the API: its code, message and field-level problems, as the server sent them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssues = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface AuthHooks {
  token(): string | null;
  /** Shows the login again and resolves when the user is back (the page underneath stays as it was). */
  reauthenticate(): Promise<void>;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del(path: string): Promise<void>;
  upload<T>(path: string, file: File): Promise<T>;
  /** Fetches with the token in the header (never in the URL) and saves the file. */
  download(path: string, filename: string): Promise<void>;
  text(path: string): Promise<string>;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code: string; message: string; fields?: FieldIssues; details?: Record<string, unknown> } };
    if (body.error) return new ApiError(res.status, body.error.code, body.error.message, body.error.fields, body.error.details);
  } catch {
    // Not our JSON error shape (a proxy, a crash): fall through to a generic error.
  }
  return new ApiError(res.status, 'INTERNAL', `HTTP ${res.status}`);
}

export function createApi(auth: AuthHooks): Api {
  const send = async (method: string, path: string, body?: BodyInit, type?: string, retried = false): Promise<Response> => {
    const headers: Record<string, string> = {};
    const token = auth.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (type) headers['content-type'] = type;
    const res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body }) });
    if (res.status === 401 && token && !retried && !path.startsWith('/api/auth/login')) {
      await auth.reauthenticate();
      return send(method, path, body, type, true);
    }
    if (!res.ok) throw await toError(res);
    return res;
  };
  const json = async <T>(res: Response): Promise<T> => (res.status === 204 ? (undefined as T) : ((await res.json()) as T));
  return {
    get: async (path) => json(await send('GET', path)),
    post: async (path, body) => json(await send('POST', path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json')),
    patch: async (path, body) => json(await send('PATCH', path, JSON.stringify(body), 'application/json')),
    del: async (path) => {
      await send('DELETE', path);
    },
    upload: async (path, file) => {
      const type = file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return json(await send('POST', path, file, type));
    },
    download: async (path, filename) => {
      const blob = await (await send('GET', path)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    text: async (path) => (await send('GET', path)).text(),
  };
}

/** A thin fetch wrapper for tests: JSON in, status and parsed body out. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiClient {
  as(token: string | null): ApiClient;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
  raw(path: string, init: RequestInit): Promise<ApiResponse>;
  /** GET a binary download. */
  bytes(path: string): Promise<{ status: number; headers: Headers; body: Buffer }>;
}

export function apiClient(baseUrl: string, token: string | null = null): ApiClient {
  const send = async (path: string, init: RequestInit): Promise<ApiResponse> => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body, text };
  };
  const json = (method: string) => (path: string, body?: unknown) =>
    send(path, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return {
    as: (t) => apiClient(baseUrl, t),
    get: (path) => send(path, { method: 'GET' }) as Promise<ApiResponse<any>>,
    post: json('POST') as ApiClient['post'],
    patch: json('PATCH') as ApiClient['patch'],
    delete: (path) => send(path, { method: 'DELETE' }) as Promise<ApiResponse<any>>,
    raw: send,
    bytes: async (path) => {
      const res = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    },
  };
}

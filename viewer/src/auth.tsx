import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo, useRef, useState } from 'preact/hooks';
import type { LoginResponse, UserView } from '../../shared/schemas/auth.js';
import { type Api, createApi } from './api.js';

/** The token lives in this tab's sessionStorage: never in a URL, gone when the tab closes. */
const STORAGE_KEY = 'remote-assist.session';

interface Stored {
  token: string;
  user: UserView;
}

interface Auth {
  user: UserView | null;
  token: string | null;
  api: Api;
  /** True while the login dialog is up over an expired session. */
  expired: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => void;
}

const AuthContext = createContext<Auth | null>(null);

function load(): Stored | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ComponentChildren }) {
  const [stored, setStored] = useState<Stored | null>(load);
  const [expired, setExpired] = useState(false);
  const tokenRef = useRef<string | null>(stored?.token ?? null);
  const waiting = useRef<Array<() => void>>([]);

  const api = useMemo(
    () =>
      createApi({
        token: () => tokenRef.current,
        reauthenticate: () =>
          new Promise<void>((resolve) => {
            waiting.current.push(resolve);
            setExpired(true);
          }),
      }),
    [],
  );

  const value = useMemo<Auth>(
    () => ({
      user: stored?.user ?? null,
      token: stored?.token ?? null,
      api,
      expired,
      login: async (username, password) => {
        const res = await api.post<LoginResponse>('/api/auth/login', { username, password });
        const next = { token: res.token, user: res.user };
        tokenRef.current = res.token;
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        setStored(next);
        setExpired(false);
        for (const resume of waiting.current.splice(0)) resume();
      },
      logout: () => {
        tokenRef.current = null;
        sessionStorage.removeItem(STORAGE_KEY);
        setStored(null);
      },
    }),
    [stored, expired, api],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LoginResponse, UserView } from '../../shared/schemas/auth.js';
import { type Api, createApi } from './api.js';

/** The token lives in this tab's sessionStorage: never in a URL, gone when the tab closes. */
const STORAGE_KEY = 'remote-assist.session';

interface Stored {
  token: string;
  /** When the server stops accepting the token (absent in what older versions stored). */
  expiresAt?: string;
  user: UserView;
}

interface Auth {
  user: UserView | null;
  token: string | null;
  /** The token as of now: for connections that present it again later (a socket's reconnection). */
  currentToken: () => string | null;
  /** Brings the login dialog up over the page; resolves once the user is logged in again. */
  askToLogIn: () => Promise<void>;
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
  const askToLogIn = useMemo(
    () => () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        setExpired(true);
      }),
    [],
  );
  const api = useMemo(() => createApi({ token: () => tokenRef.current, reauthenticate: askToLogIn }), [askToLogIn]);

  // When the token runs out the login comes up by itself, also on a page that makes no request
  // (a live session): whatever the page does next needs a valid token.
  useEffect(() => {
    if (!stored?.expiresAt) return;
    const timer = setTimeout(() => setExpired(true), Math.min(2_147_483_647, Math.max(0, Date.parse(stored.expiresAt) - Date.now())));
    return () => clearTimeout(timer);
  }, [stored]);

  const value = useMemo<Auth>(
    () => ({
      user: stored?.user ?? null,
      token: stored?.token ?? null,
      currentToken: () => tokenRef.current,
      askToLogIn,
      api,
      expired,
      login: async (username, password) => {
        const res = await api.post<LoginResponse>('/api/auth/login', { username, password });
        const next: Stored = { token: res.token, expiresAt: res.expiresAt, user: res.user };
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
    [stored, expired, api, askToLogIn],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

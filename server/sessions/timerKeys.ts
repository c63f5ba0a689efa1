/**
 * The names of a session's stored timers. The name says what is due, so that any node — not
 * only the one that set it — knows what to do when it falls due.
 */
export const timerKey = {
  code: (id: number) => `session:${id}:code`,
  consent: (id: number) => `session:${id}:consent`,
  deadline: (id: number) => `session:${id}:deadline`,
  warning: (id: number, minutesLeft: number) => `session:${id}:warning:${minutesLeft}`,
  grace: (id: number, side: 'agent' | 'engineer') => `session:${id}:grace:${side}`,
  extension: (id: number, requestId: string) => `session:${id}:extension:${requestId}`,
};

export type DueWork =
  | { kind: 'code' | 'consent' | 'deadline'; sessionId: number }
  | { kind: 'warning'; sessionId: number; minutesLeft: number }
  | { kind: 'grace'; sessionId: number; side: 'agent' | 'engineer' }
  | { kind: 'extension'; sessionId: number; requestId: string };

const KEY = /^session:(\d+):(code|consent|deadline|warning|grace|extension)(?::(.+))?$/;

/** What a stored timer's name says is due; null for a name this build does not know. */
export function parseTimerKey(key: string): DueWork | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const sessionId = Number(m[1]);
  const [kind, arg] = [m[2], m[3]];
  switch (kind) {
    case 'code':
    case 'consent':
    case 'deadline':
      return arg === undefined ? { kind, sessionId } : null;
    case 'warning': {
      const minutesLeft = Number(arg);
      return Number.isFinite(minutesLeft) && minutesLeft > 0 ? { kind, sessionId, minutesLeft } : null;
    }
    case 'grace':
      return arg === 'agent' || arg === 'engineer' ? { kind, sessionId, side: arg } : null;
    case 'extension':
      return arg ? { kind, sessionId, requestId: arg } : null;
    default:
      return null;
  }
}

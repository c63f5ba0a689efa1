import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionAction } from '../../../shared/protocol/actions.js';
import type { AgentMessage, ControlState, DisplayInfo } from '../../../shared/protocol/dataChannel.js';
import type { DiagnosticResult } from '../../../shared/protocol/diagnosticResults.js';
import type { SessionView } from '../../../shared/protocol/session.js';
import { useI18n } from '../i18n/index.js';
import { LiveConnection } from './connection.js';

export interface ChatLine {
  from: 'you' | 'user';
  text: string;
  at: string;
}

export interface Activity {
  at: string;
  actor: 'agent' | 'engineer';
  action: SessionAction;
}

/**
 * Everything the engineer's live page shows, kept up to date from the staff channel and the
 * agent's data channel. The connection lives as long as the page shows this session.
 */
export function useLiveSession(sessionId: number, token: string | null, onEnded: () => void) {
  const { t } = useI18n();
  const [session, setSession] = useState<SessionView | null>(null);
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [control, setControl] = useState<ControlState>('off');
  const [displays, setDisplays] = useState<DisplayInfo[]>([]);
  const [displayId, setDisplayId] = useState('');
  const [results, setResults] = useState<DiagnosticResult[]>([]);
  const [running, setRunning] = useState(false);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [activity, setActivity] = useState<Activity[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [endReason, setEndReason] = useState<string | null>(null);
  const [extensionWaiting, setExtensionWaiting] = useState(false);
  const conn = useRef<LiveConnection | null>(null);

  // The time left is kept as a local end instant from the remaining duration the server sends.
  const onDeadline = (remainingMs: number | undefined) => remainingMs !== undefined && setEndsAt(Date.now() + remainingMs);
  const onAgentMessage = (m: AgentMessage) => {
    switch (m.type) {
      case 'hello':
        setDisplays(m.displays);
        setDisplayId(m.displayId);
        return setControl(m.control);
      case 'control':
        return setControl(m.state);
      case 'monitor':
        return setDisplayId(m.displayId);
      case 'diagnostics':
        setRunning(false);
        return setResults((old) => [...m.results, ...old.filter((o) => !m.results.some((r) => r.check === o.check))]);
      case 'chat':
        return setChat((c) => [...c, { from: 'user', text: m.text, at: m.at }]);
      case 'time':
        return onDeadline(m.remainingMs);
    }
  };

  useEffect(() => {
    const c = new LiveConnection(sessionId, () => token, {
      state: (s) => {
        setSession(s);
        onDeadline(s.deadline?.remainingMs);
        if (s.status === 'ended' && s.endReason) setEndReason(s.endReason);
      },
      stream: setStream,
      message: onAgentMessage,
      action: (actor, action) => {
        if (actor === 'agent' && action.kind === 'control_paused') setControl('paused');
        setActivity((list) => [{ at: new Date().toISOString(), actor, action }, ...list].slice(0, 100));
      },
      warning: (minutes, d) => {
        onDeadline(d.remainingMs);
        setNotice(t.live.warning(minutes));
      },
      extension: (decision, d) => {
        setExtensionWaiting(false);
        if (d) onDeadline(d.remainingMs);
        setNotice(t.live.extension[decision] ?? decision);
      },
      ended: (reason) => {
        setEndReason(reason);
        setStream(null);
        onEnded();
      },
    });
    conn.current = c;
    c.open().catch(setError);
    return () => c.close();
  }, [sessionId]);

  return {
    conn,
    session, endsAt, stream, control, displays, displayId, results, running, chat, activity, notice, error, endReason, extensionWaiting,
    setRunning, setNotice, setError, setExtensionWaiting,
    addChat: (line: ChatLine) => setChat((c) => [...c, line]),
  };
}

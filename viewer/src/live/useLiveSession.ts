import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionAction } from '../../../shared/protocol/actions.js';
import type { AgentMessage, ControlState, DisplayInfo } from '../../../shared/protocol/dataChannel.js';
import type { DiagnosticResult } from '../../../shared/protocol/diagnosticResults.js';
import type { SessionView } from '../../../shared/protocol/session.js';
import { PlaybackCheckView } from '../../../shared/playbackCheck/records.js';
import { useAuth } from '../auth.js';
import { errorCode } from '../components/ui.js';
import { useI18n } from '../i18n/index.js';
import { LiveConnection, type LiveEvents } from './connection.js';

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
 * agent's data channel. The connection lives as long as the page shows this session; it presents
 * the token of the moment at each (re)connection, and after a re-login it watches again with the
 * new token before the old connection goes (the server checks a socket's token on every event).
 */
export function useLiveSession(sessionId: number, onEnded: () => void) {
  const { t } = useI18n();
  const { token, currentToken, askToLogIn, api } = useAuth();
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
  const [playbackChecks, setPlaybackChecks] = useState<PlaybackCheckView[]>([]);
  const [handedOverTo, setHandedOverTo] = useState<number | null>(null);
  const caseId = session?.caseId;
  const browserSession = session?.agentKind === 'browser';
  /** Why the server refused to let this user watch (an error code), if it did. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const conn = useRef<LiveConnection | null>(null);
  const sessionRef = useRef<SessionView | null>(null);
  const connectedWith = useRef(token);

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

  const events: Partial<LiveEvents> = {
    playbackCheck: (check) => setPlaybackChecks((list) => [check, ...list.filter((c) => c.id !== check.id)]),
    state: (s) => {
      sessionRef.current = s;
      setSession(s);
      onDeadline(s.deadline?.remainingMs);
      if (s.status === 'ended' && s.endReason) setEndReason(s.endReason);
    },
    stream: setStream,
    message: onAgentMessage,
    action: (actor, action) => {
      if (actor === 'agent' && action.kind === 'control_paused') setControl('paused');
      // A browser has no data channel for chat (a phone shares nothing): its chat is the reported action.
      if (actor === 'agent' && action.kind === 'chat' && sessionRef.current?.agentKind === 'browser') setChat((c) => [...c, { from: 'user', text: action.text, at: new Date().toISOString() }]);
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
    ended: (reason, next) => {
      setEndReason(reason);
      setHandedOverTo(next);
      setStream(null);
      onEnded();
    },
  };
  /** Opens a connection; the one it replaces (if any) closes once the new one is settled. */
  const connect = (previous: LiveConnection | null) => {
    const c = new LiveConnection(sessionId, currentToken, events);
    conn.current = c;
    void c
      .open()
      .then(
        () => setRefusal(null),
        (error: unknown) => {
          const code = errorCode(error) ?? 'generic';
          setRefusal(code);
          // An expired login: log in again, and the new token opens a new connection (below).
          if (code === 'UNAUTHENTICATED') void askToLogIn();
        },
      )
      .finally(() => previous?.close());
  };
  useEffect(() => {
    connectedWith.current = token;
    connect(null);
    return () => conn.current?.close();
  }, [sessionId]);
  // The checks already on record (before this page opened); new ones arrive on the staff channel.
  useEffect(() => {
    if (caseId === undefined) return;
    void api.get<unknown>(`/api/cases/${caseId}/playback-checks`).then(
      (body) => {
        const listed = PlaybackCheckView.array().safeParse(body);
        if (listed.success) setPlaybackChecks((live) => [...live, ...listed.data.filter((c) => c.sessionId === sessionId && !live.some((l) => l.id === c.id))]);
      },
      // The list is a convenience: checks arriving live still show; the case page has them all.
      () => undefined,
    );
  }, [caseId]);
  useEffect(() => {
    if (!token || token === connectedWith.current) return;
    connectedWith.current = token;
    connect(conn.current);
  }, [token]);

  return {
    conn,
    session, endsAt, stream, control, displays, displayId, results, running, chat, activity, notice, error, endReason, extensionWaiting, refusal, playbackChecks, handedOverTo, browserSession,
    setRunning, setNotice, setError, setExtensionWaiting,
    addChat: (line: ChatLine) => setChat((c) => [...c, line]),
  };
}

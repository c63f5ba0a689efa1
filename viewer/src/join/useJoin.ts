import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EXTENSION_CONSENT, SESSION_CONSENT, sha256Hex } from '../../../shared/consent.js';
import type { RemoteControlOffer } from '../../../shared/protocol/events.js';
import type { ConsentRequest, Deadline, EndReason, ExtensionRequest } from '../../../shared/protocol/session.js';
import type { IceServer } from '../../../shared/protocol/signal.js';
import { measureBrowser, measureHardware, measureScreen } from '../check/device.js';
import { JoinClient, JoinRefused } from './joinClient.js';
import { ScreenShare } from './screenShare.js';
import type { Lang } from './texts.js';

export type Phase =
  | { kind: 'code'; refusal: { code: string; retryAfterSeconds: number | null } | null }
  | { kind: 'joining' }
  | { kind: 'consent'; consent: ConsentRequest; answerBy: number; textMatches: boolean }
  | { kind: 'session' }
  | { kind: 'handedOver'; expiresAt: string }
  | { kind: 'ended'; reason: EndReason };

export interface ChatLine {
  from: 'you' | 'engineer';
  name: string;
  text: string;
}

/** A clock that only runs forward (the page's wall clock may be wrong): times left are kept on it. */
const monotonic = () => performance.now();

/**
 * The join page's state: the phase it is in, and during the session the time left, warnings, a
 * pending extension request, chat and the screen share. The server's messages come in through
 * the join client; what the user does goes out through it.
 */
export function useJoin(lang: Lang) {
  const [phase, setPhase] = useState<Phase>({ kind: 'code', refusal: null });
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [warningMinutes, setWarningMinutes] = useState<number | null>(null);
  const [extension, setExtension] = useState<{ request: ExtensionRequest; answerBy: number } | null>(null);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [sharing, setSharing] = useState(false);
  const [offer, setOffer] = useState<RemoteControlOffer | null>(null);
  const [canShare, setCanShare] = useState(false);
  const [code, setCode] = useState('');
  const iceServers = useRef<IceServer[]>([]);
  const ended = useRef(false);

  const onDeadline = (d: Deadline | null) => setEndsAt(d ? monotonic() + d.remainingMs : null);
  const finish = (reason: EndReason) => {
    if (ended.current) return;
    ended.current = true;
    share.stop();
    setSharing(false);
    setExtension(null);
    setPhase((p) => (p.kind === 'handedOver' ? p : { kind: 'ended', reason }));
  };

  const client = useMemo(
    () =>
      new JoinClient({
        welcome: (w) => {
          onDeadline(w.deadline);
          for (const v of w.viewers) share.viewerJoined(v.viewerId);
        },
        viewerJoined: (v) => share.viewerJoined(v.viewerId),
        viewerLeft: (id) => share.viewerLeft(id),
        signal: (from, data) => share.signal(from, data),
        warning: (minutes, d) => {
          onDeadline(d);
          setWarningMinutes(minutes);
        },
        extensionRequest: (request) => setExtension({ request, answerBy: monotonic() + request.expiresInMs }),
        extensionExpired: (requestId) => setExtension((e) => (e?.request.requestId === requestId ? null : e)),
        extended: (d) => {
          onDeadline(d);
          setWarningMinutes(null);
          setNotice('extended');
        },
        chat: (line) => setChat((c) => [...c, { from: 'engineer', name: line.from, text: line.text }]),
        ended: finish,
      }),
    [],
  );
  const share = useMemo(
    () =>
      new ScreenShare({
        iceServers: () => iceServers.current,
        // A signal lost (the session ending, the link away) fails the peer, which the viewer's side re-offers.
        sendSignal: (to, data) => void client.request('signal', { to, data }).catch((error: unknown) => console.warn('signal not sent', error)),
        // The browser's own "Stop sharing": the user stopped, so the session ends as their stop.
        onTrackEnded: () => {
          setSharing(false);
          // Not heard (the link away): the server's disconnect grace ends the session instead.
          void client.request('agent:stop', { reason: 'sharing stopped in the browser' }).catch((error: unknown) => console.warn('stop not sent', error));
        },
      }),
    [],
  );

  useEffect(() => {
    const closing = () => {
      if (!ended.current) client.pageClosing();
    };
    window.addEventListener('pagehide', closing);
    return () => {
      window.removeEventListener('pagehide', closing);
      client.close();
    };
  }, []);

  const join = async (typed: string) => {
    setCode(typed);
    setPhase({ kind: 'joining' });
    try {
      await client.join(typed);
      const browser = await measureBrowser();
      const canShareScreen = typeof navigator.mediaDevices?.getDisplayMedia === 'function' && browser.deviceType === 'desktop';
      const { width, height, pixelRatio } = measureScreen();
      const hello = await client.request('agent:hello', { kind: 'browser', browser, screen: { width, height, pixelRatio }, hardware: measureHardware(), canShareScreen, language: lang, agentVersion: 'join-page-1' });
      setOffer(hello.remoteControl ?? null);
      setCanShare(hello.consent.capabilities.includes('view_screen'));
      const textMatches = hello.consent.text.version === SESSION_CONSENT.version && hello.consent.text.sha256[lang] === (await sha256Hex(SESSION_CONSENT[lang]));
      setPhase({ kind: 'consent', consent: hello.consent, answerBy: monotonic() + hello.consent.answerWithinMs, textMatches });
    } catch (error) {
      client.close();
      if (error instanceof JoinRefused) setPhase({ kind: 'code', refusal: { code: error.code, retryAfterSeconds: error.retryAfterSeconds } });
      else setPhase({ kind: 'code', refusal: { code: 'generic', retryAfterSeconds: null } });
    }
  };

  /** The user's answer, in the language the text was shown in, with the hash of exactly that text. */
  const answerConsent = async (decision: 'accept' | 'decline', typedName: string, allowObservers: boolean) => {
    const answer = { decision, textVersion: SESSION_CONSENT.version, textSha256: await sha256Hex(SESSION_CONSENT[lang]), language: lang, typedName: typedName.trim() || '-', allowObservers };
    const result = await client.request('agent:consent', answer);
    if (decision === 'decline') return finish('user_declined');
    iceServers.current = result.iceServers;
    onDeadline(result.deadline);
    setPhase({ kind: 'session' });
  };

  const answerExtension = async (decision: 'accept' | 'decline', typedName: string) => {
    if (!extension) return;
    const requestId = extension.request.requestId;
    setExtension(null);
    await client.request('agent:extension-answer', {
      requestId, decision, textVersion: EXTENSION_CONSENT.version, textSha256: await sha256Hex(EXTENSION_CONSENT[lang]), language: lang, typedName: typedName.trim() || '-',
    });
  };

  return {
    client,
    phase, endsAt, notice, warningMinutes, extension, chat, sharing, offer, code, canShare,
    join,
    answerConsent,
    answerExtension,
    startSharing: async () => {
      const started = await share.start();
      setSharing(started);
      return started;
    },
    stop: async (reason: string) => {
      share.stop();
      setSharing(false);
      // Not heard (the link away): the server's disconnect grace ends the session instead.
      await client.request('agent:stop', { reason }).catch((error: unknown) => console.warn('stop not sent', error));
    },
    sendChat: async (text: string) => {
      await client.request('session:action', { kind: 'chat', text });
      setChat((c) => [...c, { from: 'you', name: '', text }]);
    },
    handOver: async () => {
      const { expiresAt } = await client.request('agent:handover', {});
      ended.current = true;
      share.stop();
      setSharing(false);
      setPhase({ kind: 'handedOver', expiresAt });
    },
    clearNotice: () => setNotice(null),
  };
}

export type JoinState = ReturnType<typeof useJoin>;

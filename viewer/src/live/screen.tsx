import { useEffect, useRef, useState } from 'preact/hooks';
import type { ControlState, DisplayInfo, ViewerMessage } from '../../../shared/protocol/dataChannel.js';
import { useI18n } from '../i18n/index.js';
import { InputSender } from './inputSender.js';
import { pointerMessage, videoPoint } from './pointer.js';

interface ScreenProps {
  stream: MediaStream | null;
  control: ControlState;
  displays: DisplayInfo[];
  displayId: string;
  send: (m: ViewerMessage) => void;
  onControl: (action: 'request' | 'release') => void;
  /** A browser session: the user's shared screen only, no control to offer. */
  viewOnly?: boolean;
}

/**
 * The user's screen, and remote control of it. While control is on, pointer and keyboard go to
 * the user's PC (the page keeps focus on the screen); Shift+Esc or the button gives them back.
 */
export function Screen({ stream, control, displays, displayId, send, onControl, viewOnly = false }: ScreenProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(true);
  const latestSend = useRef(send);
  latestSend.current = send;
  const input = useRef<InputSender | null>(null);
  input.current ??= new InputSender((m) => latestSend.current(m), (callback) => requestAnimationFrame(callback));
  const on = control === 'on';

  useEffect(() => {
    if (video.current && stream && video.current.srcObject !== stream) {
      video.current.srcObject = stream;
      void video.current.play().catch(() => undefined);
    }
  }, [stream]);
  useEffect(() => {
    if (on) frame.current?.focus();
  }, [on]);

  // At most one move per animation frame, sent at once; buttons, wheel and keys never wait.
  const move = (e: PointerEvent) => {
    if (!on || !video.current) return;
    const m = pointerMessage(video.current, e, 'move');
    if (m) input.current!.move(m);
  };
  const button = (e: PointerEvent, action: 'down' | 'up') => {
    if (!on || !video.current) return;
    e.preventDefault();
    const m = pointerMessage(video.current, e, action);
    if (m) input.current!.positioned(m);
  };
  const wheel = (e: WheelEvent) => {
    if (!on || !video.current) return;
    e.preventDefault();
    const at = videoPoint(video.current, e.clientX, e.clientY);
    if (at) input.current!.positioned({ type: 'wheel', ...at, deltaX: Math.max(-10_000, Math.min(10_000, e.deltaX)), deltaY: Math.max(-10_000, Math.min(10_000, e.deltaY)) });
  };
  const key = (e: KeyboardEvent, action: 'down' | 'up') => {
    if (!on) return;
    if (e.key === 'Escape' && e.shiftKey) {
      e.preventDefault();
      return onControl('release');
    }
    if (!/^[A-Za-z0-9]{1,24}$/.test(e.code)) return;
    e.preventDefault();
    input.current!.other({ type: 'key', action, code: e.code });
  };

  return (
    <div class="screen">
      <div class="toolbar" role="toolbar" aria-label={t.live.title}>
        {viewOnly ? (
          <span class="badge view-only" role="status" data-testid="view-only">
            {t.live.viewOnly}
          </span>
        ) : (
          <>
            <button type="button" aria-pressed={on} class={on ? 'primary' : ''} disabled={control === 'unavailable' || control === 'paused' || !stream} onClick={() => onControl(on ? 'release' : 'request')}>
              {on ? t.live.releaseControl : t.live.takeControl}
            </button>
            <span class={`control-state ${control}`} role="status" data-testid="control-state">
              {t.live.control[control]}
            </span>
          </>
        )}
        <button type="button" onClick={() => setFit((f) => !f)}>
          {fit ? t.live.actualSize : t.live.fit}
        </button>
        <button type="button" onClick={() => void frame.current?.requestFullscreen()}>
          {t.live.fullscreen}
        </button>
        {!viewOnly && displays.length > 1 && (
          <label>
            {t.live.monitor}{' '}
            <select value={displayId} onChange={(e) => send({ type: 'monitor', displayId: (e.target as HTMLSelectElement).value })}>
              {displays.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.width}×{d.height})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {on && <p class="hint">{t.live.escapeHint}</p>}
      <div
        ref={frame}
        class={`frame${fit ? ' fit' : ''}${on ? ' controlling' : ''}`}
        tabIndex={on ? 0 : -1}
        onPointerMove={move}
        onPointerDown={(e) => button(e, 'down')}
        onPointerUp={(e) => button(e, 'up')}
        onContextMenu={(e) => on && e.preventDefault()}
        onWheel={wheel}
        onKeyDown={(e) => key(e, 'down')}
        onKeyUp={(e) => key(e, 'up')}
      >
        <video ref={video} data-testid="remote-screen" muted playsInline autoPlay />
      </div>
    </div>
  );
}

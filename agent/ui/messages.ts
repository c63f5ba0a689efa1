import type { ControlState } from '../../shared/protocol/dataChannel.js';
import { type Language, MESSAGES, type Messages } from '../i18n.js';
import type { EndedReason, PanelNotice } from './types.js';

/**
 * The windows' own words, in Korean and English. What the terminal and the windows say alike
 * (who asks, what they may do, the end reasons) comes from `i18n.ts`; this adds what only a
 * window says (labels, buttons) and replaces the terminal's "type q and press Enter".
 */
const en = {
  appTitle: 'RemoteAssist Support',
  otherLanguage: '한국어',
  codeIntro: 'Enter the 9-digit code the engineer reads out to you on the phone.',
  codeLabel: '9-digit code',
  codeFormat: 'The code has nine digits, for example 123 456 789.',
  connect: 'Connect',
  connecting: 'Connecting…',
  consentTextLabel: 'Consent text',
  textVersion: (version: string, sha256: string) => `${version} · SHA-256 ${sha256.slice(0, 16)}…`,
  nameLabel: 'Your name (your signature)',
  observers: 'A supervisor may also watch',
  accept: 'Accept',
  decline: 'Decline',
  answerWithin: (seconds: number) => `Please answer within ${seconds} s; no answer declines.`,
  acceptHint: 'To accept, type your name, then click Accept.',
  stopAnytime: 'You can stop at any moment with "Stop" in the small session window.',
  panelTitle: 'RemoteAssist — remote support',
  timeLeft: (clock: string) => `Time left: ${clock}`,
  control: {
    on: 'The engineer is controlling your mouse and keyboard.',
    off: 'Remote control is off: the engineer only watches.',
    paused: 'Remote control is paused.',
    unavailable: 'Remote control is not available on this PC: the engineer only watches.',
  } satisfies Record<ControlState, string>,
  pauseControl: 'Pause control',
  resume: 'Resume',
  stop: 'Stop',
  chatLabel: 'Chat',
  messageLabel: 'Message to the engineer',
  send: 'Send',
  you: 'You',
  endedTitle: 'Remote support has ended',
  close: 'Close',
};

type UiWords = typeof en;

const ko: UiWords = {
  appTitle: 'RemoteAssist 원격 지원',
  otherLanguage: 'English',
  codeIntro: '엔지니어가 전화로 알려 주는 9자리 번호를 입력하세요.',
  codeLabel: '9자리 번호',
  codeFormat: '번호는 9자리입니다(예: 123 456 789).',
  connect: '연결',
  connecting: '연결하는 중…',
  consentTextLabel: '동의서',
  textVersion: (version, sha256) => `${version} · SHA-256 ${sha256.slice(0, 16)}…`,
  nameLabel: '이름(서명)',
  observers: '관리자가 함께 보는 것을 허용합니다',
  accept: '동의',
  decline: '거부',
  answerWithin: (seconds) => `${seconds}초 안에 응답하세요. 응답하지 않으면 거부됩니다.`,
  acceptHint: '동의하려면 이름을 입력한 다음 [동의]를 누르세요.',
  stopAnytime: '작은 원격 지원 창의 [중지]로 언제든지 끝낼 수 있습니다.',
  panelTitle: 'RemoteAssist — 원격 지원 중',
  timeLeft: (clock) => `남은 시간: ${clock}`,
  control: {
    on: '엔지니어가 마우스와 키보드를 조작하고 있습니다.',
    off: '원격 조작이 꺼져 있습니다. 엔지니어는 화면만 봅니다.',
    paused: '원격 조작이 일시 중지되었습니다.',
    unavailable: '이 PC에서는 원격 조작을 할 수 없습니다. 엔지니어는 화면만 봅니다.',
  },
  pauseControl: '조작 일시 중지',
  resume: '다시 허용',
  stop: '중지',
  chatLabel: '채팅',
  messageLabel: '엔지니어에게 보낼 메시지',
  send: '보내기',
  you: '나',
  endedTitle: '원격 지원이 끝났습니다',
  close: '닫기',
};

export type WindowWords = UiWords & { shared: (typeof MESSAGES)['en'] };

export function words(language: Language): WindowWords {
  return { ...(language === 'ko' ? ko : en), shared: MESSAGES[language] };
}

/** 3725000 ms → "1:02:05"; 65000 → "1:05". */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function noticeText(w: WindowWords, notice: PanelNotice): string {
  switch (notice.kind) {
    case 'warning':
      return w.shared.warning(notice.minutesLeft);
    case 'extended':
      return w.shared.extended(notice.minutesLeft);
    case 'extension_lapsed':
      return w.shared.extensionLapsed;
    case 'viewer_joined':
      return w.shared.viewerJoined(notice.name, notice.role);
    case 'diagnostics_run':
      return w.shared.diagnosticsRun(notice.checks);
    case 'server_lost':
      return w.shared.serverLost;
    case 'server_back':
      return w.shared.serverBack;
  }
}

/** Why the session (or the attempt) ended, in the user's words: the same at the terminal and in the window. */
export function endedText(s: Messages, reason: EndedReason, detail: string): string {
  switch (reason) {
    case 'time_up':
      return s.timeUp;
    case 'declined':
      return s.declined;
    case 'unanswered':
      return s.timedOut;
    case 'text_mismatch':
      return s.textMismatch;
    case 'device_refused':
      return s.deviceRefused(detail);
    case 'unreachable':
      return s.unreachable(detail);
    case 'too_many_codes':
      return s.tooManyTries;
    case 'code_refused':
      return s.codeExpired;
    case 'rate_limited':
      return s.rateLimited(Number(detail) || 60);
    case 'failed':
      return s.failed(detail);
    default:
      return s.ended[reason] ?? reason;
  }
}

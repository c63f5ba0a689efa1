/**
 * The consent texts shown to the end user (procedure attachment 1-1: the remote check goes ahead
 * only if the user consents). Each text is versioned and identified by the SHA-256 of its exact
 * UTF-8 bytes; the agent answers with the version and hash it showed, and the server records
 * both. Never edit a released text: add a new version.
 */
export type ConsentLanguage = 'ko' | 'en';

export interface ConsentText {
  version: string;
  ko: string;
  en: string;
}

export const SESSION_CONSENT: ConsentText = {
  version: 'RA-SESSION-CONSENT-2026-11',
  ko: [
    '원격 지원 동의',
    '',
    '1. 헬프데스크 엔지니어가 이 PC의 화면을 실시간으로 보고, 마우스와 키보드를 원격으로 조작하며, 영상 재생 문제를 찾기 위한 정해진 진단(사양, 디스크, 네트워크, 실행 중인 프로그램, 업데이트, 브라우저, 플레이어 설치 상태)을 실행하고, 채팅으로 안내합니다.',
    '2. 원격 지원 중의 모든 조치는 기록되며, 결과는 고객사에 보고됩니다. 입력한 키 하나하나는 기록하지 않습니다.',
    '3. 원격 지원은 기본 1시간 이내로 진행되며, 연장은 별도의 동의가 있을 때만 가능하고 전체 6시간을 넘지 않습니다.',
    '4. 언제든지 이 프로그램에서 원격 조작을 일시 중지하거나 원격 지원을 끝낼 수 있습니다.',
    '5. 엔지니어는 문제 해결에 필요한 범위를 넘어 개인 파일을 열람하거나 복사하지 않습니다.',
    '',
    '위 내용을 이해했으며 원격 지원에 동의합니다.',
  ].join('\n'),
  en: [
    'Consent to remote support',
    '',
    '1. A HelpDesk engineer will see this PC’s screen live, control its mouse and keyboard remotely, run a fixed set of diagnostics to find the cause of the video-playback problem (specification, disk, network, running programs, updates, browsers, player installation), and explain things in a chat.',
    '2. Every action during the remote support is logged, and the result is reported to the customer company. Individual keystrokes are not logged.',
    '3. Remote support lasts up to 1 hour by default; it can be extended only with your separate consent, and never beyond 6 hours in all.',
    '4. You can pause remote control or end the remote support at any moment from this program.',
    '5. The engineer will not open or copy personal files beyond what solving the problem requires.',
    '',
    'I have understood the above and consent to remote support.',
  ].join('\n'),
};

export const EXTENSION_CONSENT: ConsentText = {
  version: 'RA-EXTENSION-CONSENT-2026-11',
  ko: [
    '원격 지원 연장 동의',
    '',
    '엔지니어가 원격 지원 시간의 연장을 요청했습니다. 동의하면 위에 표시된 시간만큼 원격 지원이 연장되며, 같은 조건(모든 조치 기록, 언제든 중지 가능)이 계속 적용됩니다. 전체 시간은 6시간을 넘지 않습니다.',
    '',
    '연장에 동의합니다.',
  ].join('\n'),
  en: [
    'Consent to extend remote support',
    '',
    'The engineer has asked to extend the remote support by the time shown above. If you agree, the remote support continues for that long under the same terms (every action logged, you can stop at any moment). The total never exceeds 6 hours.',
    '',
    'I agree to the extension.',
  ].join('\n'),
};

/** SHA-256 (hex) of a text's UTF-8 bytes; WebCrypto, so it runs in Node, the agent and the browser. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function consentTextFor(text: ConsentText, language: ConsentLanguage): string {
  return text[language];
}

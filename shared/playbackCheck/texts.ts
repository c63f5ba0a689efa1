import { z } from 'zod';

/** A text in both languages of the product. */
export interface Bilingual {
  ko: string;
  en: string;
}

/**
 * What a finding of the playback check usually means, for the engineer: the cause it points at
 * and what helps. Keyed by finding code; each evaluated item lists its findings, and the
 * engineer's view shows these texts next to the item. The thresholds behind each finding are in
 * docs/playback-check.md and thresholds.ts.
 */
export const FINDING_TEXTS = {
  probe_timed_out: {
    en: 'The browser did not answer this measurement in time: it is busy, or the feature hangs. Close other tabs and run the check again.',
    ko: '브라우저가 이 측정에 제시간에 응답하지 않았습니다. 브라우저가 바쁘거나 해당 기능이 멈춘 것입니다. 다른 탭을 닫고 다시 검사해 보세요.',
  },
  probe_unavailable: {
    en: 'This browser does not offer the feature measured here (often an old or restricted browser).',
    ko: '이 브라우저에는 이 항목을 측정할 기능이 없습니다(오래되었거나 제한된 브라우저인 경우가 많습니다).',
  },
  probe_refused: {
    en: 'The server refused the measurement: the session is not running, or there were too many checks in a short time.',
    ko: '서버가 측정을 거부했습니다. 세션이 진행 중이 아니거나 짧은 시간에 검사를 너무 많이 했습니다.',
  },
  probe_aborted: { en: 'The check was stopped before this measurement finished.', ko: '이 측정이 끝나기 전에 검사가 중단되었습니다.' },
  probe_failed: { en: 'The measurement failed; the reason is in the summary.', ko: '측정에 실패했습니다. 원인은 요약에 있습니다.' },
  clips_not_built: {
    en: 'The server has no test clips (npm run build:clips was not run), so the playback test could not run. A problem of the server, not of the user.',
    ko: '서버에 테스트 영상이 없어(npm run build:clips 미실행) 재생 테스트를 할 수 없었습니다. 사용자가 아니라 서버의 문제입니다.',
  },
  browser_unsupported: {
    en: 'Internet Explorer is no longer supported by Microsoft and current video players do not run in it. Have the user open the site in Edge or Chrome.',
    ko: 'Internet Explorer는 Microsoft 지원이 끝나 최신 동영상 플레이어가 동작하지 않습니다. Edge나 Chrome으로 사이트를 열게 하세요.',
  },
  screen_small: {
    en: 'The screen has fewer than 720 rows of physical pixels: HD video is shown scaled down. Not a playback fault.',
    ko: '화면의 실제 세로 픽셀이 720보다 적어 HD 영상이 축소되어 보입니다. 재생 장애는 아닙니다.',
  },
  cpu_too_few_cores: {
    en: 'A single logical core: HD video stutters however good the network is (attachment 1-2, case 3: a PC too weak for the video).',
    ko: '논리 코어가 1개뿐이라 네트워크가 좋아도 HD 영상이 끊깁니다(첨부 1-2 사례 3: 영상에 비해 낮은 PC 사양).',
  },
  cpu_few_cores: {
    en: '2–3 logical cores: 1080p may stutter while other programs run; 720p usually plays.',
    ko: '논리 코어가 2~3개입니다. 다른 프로그램이 실행 중이면 1080p가 끊길 수 있고, 720p는 대개 재생됩니다.',
  },
  cores_hidden: { en: 'The browser does not tell the number of cores.', ko: '브라우저가 코어 수를 알려 주지 않습니다.' },
  memory_too_low: {
    en: 'Under 2 GB of memory as the browser reports it: the browser and the video compete for memory; playback stutters or the tab reloads.',
    ko: '브라우저가 보고한 메모리가 2GB 미만이라 브라우저와 영상이 메모리를 다투어 재생이 끊기거나 탭이 다시 로드됩니다.',
  },
  memory_low: {
    en: 'Under 4 GB of memory: have the user close other programs and tabs while watching.',
    ko: '메모리가 4GB 미만입니다. 시청하는 동안 다른 프로그램과 탭을 닫게 하세요.',
  },
  memory_hidden: { en: 'Only Chromium-based browsers tell the device memory.', ko: '장치 메모리는 Chromium 계열 브라우저만 알려 줍니다.' },
  no_webgl: {
    en: 'No WebGL: graphics acceleration is off or blocked in this browser, so video may be decoded and drawn by the CPU alone.',
    ko: 'WebGL이 없습니다. 이 브라우저에서 그래픽 가속이 꺼져 있거나 차단되어 영상을 CPU만으로 처리할 수 있습니다.',
  },
  software_rendering: {
    en: "The browser draws with a software renderer (SwiftShader, llvmpipe, Microsoft Basic Render Driver): hardware acceleration is off or the graphics driver is missing. Turn hardware acceleration on in the browser's settings, or install the graphics driver.",
    ko: '브라우저가 소프트웨어 렌더러(SwiftShader, llvmpipe, Microsoft 기본 렌더링 드라이버)로 그립니다. 하드웨어 가속이 꺼져 있거나 그래픽 드라이버가 없습니다. 브라우저 설정에서 하드웨어 가속을 켜거나 그래픽 드라이버를 설치하세요.',
  },
  h264_unsupported: {
    en: "H.264 cannot play through Media Source Extensions: most sites' streaming video cannot play in this browser at this size. Often a browser without the licensed codecs (some Linux builds, Windows 'N' editions without the Media Feature Pack).",
    ko: 'H.264를 MSE로 재생할 수 없어 대부분의 사이트 스트리밍 영상이 이 해상도로 재생되지 않습니다. 코덱이 빠진 브라우저(일부 리눅스 빌드, 미디어 기능 팩이 없는 Windows N 에디션)인 경우가 많습니다.',
  },
  codec_not_smooth: {
    en: 'The browser says this codec at this size will not play smoothly here: expect stutter when a site picks it; a lower resolution plays better.',
    ko: '브라우저가 이 해상도의 이 코덱은 부드럽게 재생되지 않는다고 답했습니다. 사이트가 이 형식을 고르면 끊기며, 낮은 해상도가 더 잘 재생됩니다.',
  },
  codec_not_power_efficient: {
    en: 'Decoded in software (not power-efficient): it plays, but uses the CPU and the battery; on a weak PC it can stutter.',
    ko: '소프트웨어로 디코딩합니다(전력 효율 낮음). 재생은 되지만 CPU와 배터리를 많이 써서 저사양 PC에서는 끊길 수 있습니다.',
  },
  codec_unsupported: {
    en: 'Not supported: sites send H.264 to this browser instead. A problem only when a site offers nothing else.',
    ko: '지원하지 않습니다. 사이트는 이 브라우저에 대신 H.264를 보냅니다. 사이트가 다른 형식을 제공하지 않을 때만 문제가 됩니다.',
  },
  no_commercial_drm: {
    en: "No Widevine, PlayReady or FairPlay: the site's DRM-protected video cannot play in this browser. Often a browser without its DRM module (Chromium from a Linux distribution, DRM turned off in Firefox's settings) or a window that blocks it.",
    ko: 'Widevine, PlayReady, FairPlay가 모두 없어 사이트의 DRM 보호 영상이 이 브라우저에서 재생되지 않습니다. DRM 모듈이 없는 브라우저(리눅스 배포판의 Chromium, Firefox 설정에서 DRM 끔)나 이를 막는 창인 경우가 많습니다.',
  },
  no_widevine: {
    en: "No Widevine: the site's DRM video cannot play in this browser unless the site also offers PlayReady or FairPlay. Chrome, Edge, Firefox and Whale have Widevine; check that it is not turned off.",
    ko: 'Widevine이 없습니다. 사이트가 PlayReady나 FairPlay도 제공하지 않으면 DRM 영상이 이 브라우저에서 재생되지 않습니다. Chrome, Edge, Firefox, 웨일에는 Widevine이 있으니 꺼져 있지 않은지 확인하세요.',
  },
  widevine_software_only: {
    en: 'Widevine in software only (L3): DRM video plays, but some services limit it to SD or 720p.',
    ko: 'Widevine이 소프트웨어 방식(L3)만 됩니다. DRM 영상은 재생되지만 일부 서비스는 SD나 720p로 제한합니다.',
  },
  no_playready: {
    en: 'No PlayReady: normal outside Edge on Windows; it matters only for a site that uses PlayReady alone.',
    ko: 'PlayReady가 없습니다. Windows의 Edge가 아니면 정상이며, PlayReady만 쓰는 사이트에서만 문제가 됩니다.',
  },
  no_fairplay: {
    en: 'No FairPlay: normal outside Safari; it matters only on Apple devices.',
    ko: 'FairPlay가 없습니다. Safari가 아니면 정상이며, Apple 기기에서만 의미가 있습니다.',
  },
  no_clearkey: {
    en: 'Not even ClearKey, which every browser with encrypted media has: encrypted media is off in this browser (an old browser, a policy, or a page opened without https).',
    ko: '암호화 미디어를 지원하는 모든 브라우저에 있는 ClearKey조차 없습니다. 이 브라우저에서 암호화 미디어가 꺼져 있습니다(오래된 브라우저, 정책, https가 아닌 페이지).',
  },
  eme_unavailable: {
    en: 'The browser offers no Encrypted Media Extensions on this page (they need https): no DRM video can play.',
    ko: '이 페이지에서 브라우저가 암호화 미디어 확장(EME)을 제공하지 않아(https 필요) DRM 영상을 재생할 수 없습니다.',
  },
  no_native_hls: {
    en: "No native HLS: the site's player must use MSE instead (normal for Chrome, Edge and Firefox on a PC).",
    ko: '기본 HLS 재생이 없습니다. 사이트 플레이어가 대신 MSE를 써야 합니다(PC의 Chrome, Edge, Firefox에서는 정상).',
  },
  no_streaming: {
    en: 'Neither MSE nor native HLS: this browser cannot play streaming video at all. Update or change the browser.',
    ko: 'MSE도 기본 HLS도 없어 이 브라우저는 스트리밍 영상을 전혀 재생할 수 없습니다. 브라우저를 업데이트하거나 바꾸게 하세요.',
  },
  nothing_decoded: {
    en: 'The test clip did not decode a single frame: video cannot play in this browser (codec missing, decoder broken, or hardware acceleration failing).',
    ko: '테스트 영상이 한 프레임도 디코딩되지 않았습니다. 이 브라우저에서 영상을 재생할 수 없습니다(코덱 없음, 디코더 고장, 하드웨어 가속 오류).',
  },
  dropped_frames: {
    en: 'More than 5 % of the frames were dropped: the PC cannot keep up with this size and video stutters (attachment 1-2, case 3).',
    ko: '프레임이 5% 넘게 누락되었습니다. PC가 이 해상도를 따라가지 못해 영상이 끊깁니다(첨부 1-2 사례 3).',
  },
  dropped_frames_severe: {
    en: 'More than 20 % of the frames were dropped: playback at this size is visibly broken. A lower resolution, fewer programs running, or hardware acceleration turned on helps.',
    ko: '프레임이 20% 넘게 누락되어 이 해상도의 재생이 눈에 띄게 깨집니다. 낮은 해상도, 다른 프로그램 종료, 하드웨어 가속 켜기가 도움이 됩니다.',
  },
  slow_startup: {
    en: 'Over 3 s to the first frame of a small clip from our server: users see a long black screen before each video. Look at the network items and the CPU.',
    ko: '서버의 작은 영상이 첫 화면까지 3초 넘게 걸렸습니다. 영상마다 검은 화면이 오래 보입니다. 네트워크 항목과 CPU를 확인하세요.',
  },
  very_slow_startup: {
    en: 'Over 10 s to the first frame: players give up, or users think the video is broken.',
    ko: '첫 화면까지 10초 넘게 걸렸습니다. 플레이어가 포기하거나 사용자가 영상이 고장 났다고 생각합니다.',
  },
  stalls: {
    en: 'Playback stopped to wait for data during a short clip from our server: the connection or the PC cannot keep the buffer filled.',
    ko: '서버의 짧은 영상 재생 중 데이터를 기다리느라 멈췄습니다. 회선이나 PC가 버퍼를 채우지 못합니다.',
  },
  long_stalls: {
    en: 'Stalls of more than 2 s in all during a 3-second clip: real videos will pause again and again.',
    ko: '3초짜리 영상에서 모두 2초 넘게 멈췄습니다. 실제 영상은 계속 멈출 것입니다.',
  },
  throughput_low: {
    en: 'Under 5 Mbit/s to our server: 1080p streams stutter or the player drops to a lower quality (§1 check 2.2).',
    ko: '서버까지 속도가 5Mbit/s 미만입니다. 1080p 스트림이 끊기거나 플레이어가 화질을 낮춥니다(§1 점검 2.2).',
  },
  throughput_too_low: {
    en: 'Under 2.5 Mbit/s: not even 720p streams smoothly. Check the line, the Wi-Fi and other downloads (P2P, §1 check 2.7).',
    ko: '2.5Mbit/s 미만이라 720p도 부드럽게 재생되지 않습니다. 회선, Wi-Fi, 다른 다운로드(P2P, §1 점검 2.7)를 확인하세요.',
  },
  rtt_high: {
    en: 'Round trips over 100 ms: videos start and seek slowly. Wi-Fi far from the router, a VPN or a congested line.',
    ko: '왕복 지연이 100ms를 넘어 영상 시작과 탐색이 느립니다. 공유기에서 먼 Wi-Fi, VPN, 혼잡한 회선인 경우가 많습니다.',
  },
  rtt_very_high: {
    en: 'Round trips over 300 ms: every request of the player waits; streams start late and stall on quality switches.',
    ko: '왕복 지연이 300ms를 넘어 플레이어의 모든 요청이 기다립니다. 스트림이 늦게 시작하고 화질 전환 때 멈춥니다.',
  },
  requests_lost: {
    en: 'Some pings got no answer: an unstable connection (packet errors, §1 check 2.2).',
    ko: '일부 핑에 응답이 없었습니다. 연결이 불안정합니다(패킷 오류, §1 점검 2.2).',
  },
  requests_lost_many: {
    en: 'A fifth or more of the pings got no answer: the connection drops out; video will stall.',
    ko: '핑의 5분의 1 이상이 응답이 없었습니다. 연결이 자주 끊겨 영상이 멈춥니다.',
  },
  clock_off: {
    en: "The PC's clock is off by more than 30 s: signed video links with a short validity and DRM licences may be refused. Let the system set the time automatically.",
    ko: 'PC 시계가 30초 넘게 틀립니다. 유효 시간이 짧은 서명된 영상 링크와 DRM 라이선스가 거부될 수 있습니다. 시간을 자동으로 맞추도록 설정하세요.',
  },
  clock_far_off: {
    en: "The PC's clock is off by more than 5 minutes: signed video links and DRM licences fail, and https sites may too. Set the time automatically.",
    ko: 'PC 시계가 5분 넘게 틀려 서명된 영상 링크와 DRM 라이선스가 실패하고 https 사이트도 실패할 수 있습니다. 시간을 자동으로 맞추세요.',
  },
  quota_small: {
    en: "The browser may keep less than 1 GB for this site: a small disk, or the browser's data on a RAM disk (attachment 1-2, case 2: temporary files on a 512 MB RAM disk broke playback).",
    ko: '브라우저가 이 사이트에 1GB 미만만 저장할 수 있습니다. 디스크가 작거나 브라우저 데이터가 RAM 디스크에 있습니다(첨부 1-2 사례 2: 512MB RAM 디스크의 임시 파일로 재생 장애).',
  },
  storage_nearly_full: {
    en: "Over 90 % of the browser's storage for this site is used: caches and offline data fail. Clear the browser's data.",
    ko: '이 사이트용 브라우저 저장 공간의 90% 이상이 사용 중이라 캐시와 오프라인 데이터가 실패합니다. 브라우저 데이터를 삭제하세요.',
  },
  quota_unknown: { en: 'The browser does not tell its storage quota.', ko: '브라우저가 저장 공간 할당량을 알려 주지 않습니다.' },
  cookies_disabled: {
    en: "Cookies are off: logins and the player's session on the site fail (§1 check 2.3, browser settings).",
    ko: '쿠키가 꺼져 있어 사이트 로그인과 플레이어 세션이 실패합니다(§1 점검 2.3, 브라우저 설정).',
  },
  storage_blocked: {
    en: 'Local storage is blocked (privacy settings, a private window, or a security program): players that keep settings or licences fail.',
    ko: '로컬 저장소가 차단되어 있습니다(개인정보 설정, 사생활 보호 창, 보안 프로그램). 설정이나 라이선스를 저장하는 플레이어가 실패합니다.',
  },
} as const satisfies Record<string, Bilingual>;

export type Finding = keyof typeof FINDING_TEXTS;
export const Finding = z.enum(Object.keys(FINDING_TEXTS) as [Finding, ...Finding[]]);

/** The engineer's label of each item kind. */
export const ITEM_LABELS = {
  browser: { en: 'Browser and OS', ko: '브라우저와 운영체제' },
  screen: { en: 'Screen', ko: '화면' },
  cpu_cores: { en: 'Logical cores', ko: '논리 코어' },
  device_memory: { en: 'Device memory', ko: '장치 메모리' },
  gpu: { en: 'Graphics (WebGL renderer)', ko: '그래픽(WebGL 렌더러)' },
  codec: { en: 'Codec', ko: '코덱' },
  drm: { en: 'DRM key system', ko: 'DRM 키 시스템' },
  hls: { en: 'Native HLS', ko: '기본 HLS' },
  playback: { en: 'Playback test', ko: '재생 테스트' },
  throughput: { en: 'Download speed', ko: '다운로드 속도' },
  rtt: { en: 'Round-trip time', ko: '왕복 지연' },
  clock_skew: { en: 'Clock difference to the server', ko: '서버와의 시계 차이' },
  storage_quota: { en: 'Storage quota', ko: '저장 공간 할당량' },
  storage_access: { en: 'Cookies and storage', ko: '쿠키와 저장소' },
} as const satisfies Record<string, Bilingual>;

export type ItemId = keyof typeof ITEM_LABELS;

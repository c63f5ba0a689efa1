/**
 * The fixed list of diagnostics the agent can run: the first-level checklist (procedure §1) made
 * measurable. A fixed list, never arbitrary commands; the consent names every one.
 */
export const DIAGNOSTIC_CHECKS = [
  { id: 'pc_spec', en: 'PC specification against the minimum', ko: 'PC 사양(최소 사양 대비)' },
  { id: 'disk_space', en: 'Free disk space', ko: '디스크 여유 공간' },
  { id: 'network', en: 'Network to the server (latency, jitter, loss, throughput)', ko: '서버까지의 네트워크(지연, 지터, 손실, 속도)' },
  { id: 'processes', en: 'Programs using the most CPU and memory (P2P flagged)', ko: 'CPU·메모리를 많이 쓰는 프로그램(P2P 표시)' },
  { id: 'os_updates', en: 'Operating system version and updates', ko: '운영체제 버전 및 업데이트' },
  { id: 'browsers', en: 'Installed browsers and versions', ko: '설치된 브라우저와 버전' },
  { id: 'player_runtime', en: 'Video player and runtimes (e.g. Visual C++)', ko: '동영상 플레이어 및 런타임(예: Visual C++)' },
  { id: 'browser_temp', en: "Where the browser's temporary files live", ko: '브라우저 임시 파일 위치' },
] as const;

export type DiagnosticCheckId = (typeof DIAGNOSTIC_CHECKS)[number]['id'];
export const DIAGNOSTIC_CHECK_IDS = DIAGNOSTIC_CHECKS.map((c) => c.id) as [DiagnosticCheckId, ...DiagnosticCheckId[]];

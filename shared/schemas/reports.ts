import { z } from 'zod';
import { CaseOutcome } from './cases.js';

/** Causes found by the second level, as the procedure names them (§1, attachment 1-2). */
export const REPORT_CAUSES = [
  { id: 'pc_spec', en: 'PC specification', ko: 'PC 사양' },
  { id: 'disk_space', en: 'Disk space', ko: '디스크 공간' },
  { id: 'network', en: 'Network speed / packet loss', ko: '네트워크 속도 / 패킷 손실' },
  { id: 'windows_update', en: 'Windows update', ko: '윈도우 업데이트' },
  { id: 'malware', en: 'Malware', ko: '악성코드' },
  { id: 'p2p_load', en: "Other programs' load (P2P)", ko: '다른 프로그램 부하(P2P)' },
  { id: 'player_runtime', en: 'Player installation / runtime (e.g. C++ runtime)', ko: '플레이어 설치 / 런타임(예: C++ 런타임)' },
  { id: 'browser_settings', en: 'Browser settings / temporary files', ko: '브라우저 설정 / 임시 파일' },
  { id: 'user_knowledge', en: "User's knowledge of the service", ko: '서비스 이용 방법 미숙지' },
  { id: 'site_problem', en: 'Site-side problem', ko: '사이트 측 문제' },
  { id: 'unknown', en: 'Unknown', ko: '원인 불명' },
] as const;
export const ReportCause = z.enum(REPORT_CAUSES.map((c) => c.id) as [(typeof REPORT_CAUSES)[number]['id'], ...Array<(typeof REPORT_CAUSES)[number]['id']>]);
export type ReportCause = z.infer<typeof ReportCause>;

export const OUTCOME_LABELS: Record<CaseOutcome, { en: string; ko: string }> = {
  resolved: { en: 'Resolved', ko: '해결' },
  explained: { en: 'Explained 1:1', ko: '1:1 설명으로 해결' },
  external_cause: { en: 'External cause: user to fix and come back', ko: '외부 원인: 조치 후 재요청 안내' },
  transferred_to_call_center: { en: 'Transferred back to the call center', ko: '콜센터로 이관' },
  user_declined: { en: 'User declined remote support', ko: '원격 지원 거부' },
  device_not_supported: { en: 'Device not supported', ko: '지원하지 않는 기기' },
};

/** What the engineer submits after the work (§2: a result mail per case). */
export const ReportRequest = z.strictObject({
  cause: ReportCause,
  /** What was done, for the customer company. */
  actions: z.string().trim().min(5).max(4000),
  outcome: CaseOutcome,
  /** Anything else worth telling; required as the reason when transferring back (HelpDesk 4). */
  note: z.string().trim().max(2000).optional(),
});
export type ReportRequest = z.infer<typeof ReportRequest>;

export const ReportSummary = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  submittedAt: z.string(),
  cause: z.string(),
  outcome: z.string(),
  mail: z.object({ status: z.enum(['pending', 'sent', 'written']), attempts: z.number().int(), lastError: z.string().nullable() }).nullable(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

import { z } from 'zod';
import { Id, IsoDate, line } from './common.js';

/**
 * The record of first-level actions (procedure §1: check 1.1, checks 2.1–2.7 and the player
 * reinstall of step 3), in the order the procedure lists them.
 */
export const FIRST_LEVEL_CHECKS = [
  { key: 'siteCheck', ref: '1.1', en: "Customer company's own site has no problem", ko: '고객사 사이트 자체 문제 없음 확인' },
  { key: 'specAndDisk', ref: '2.1', en: 'PC specification and free disk space sufficient', ko: 'PC 사양 및 디스크 여유 공간 확인' },
  { key: 'networkSpeed', ref: '2.2', en: 'Internet speed and packet errors measured', ko: '인터넷 속도 및 패킷 오류 측정' },
  { key: 'browserPlayback', ref: '2.3', en: 'Videos on this and other sites play in a browser', ko: '브라우저에서 고객사·타 사이트 동영상 재생 확인' },
  { key: 'windowsUpdate', ref: '2.4', en: 'Windows Update applied to the latest patch', ko: '윈도우 최신 업데이트 적용' },
  { key: 'rebootCheck', ref: '2.5', en: 'After a reboot, internet and browser work', ko: '재부팅 후 인터넷·브라우저 정상 동작 확인' },
  { key: 'malwareScan', ref: '2.6', en: 'Virus / malware scan and clean-up run', ko: '바이러스·악성코드 검사 및 치료' },
  { key: 'p2pLoad', ref: '2.7', en: 'No P2P or other program taking excessive CPU / memory', ko: 'P2P 등 프로그램의 과도한 CPU·메모리 점유 없음' },
  { key: 'playerReinstall', ref: '3', en: 'Player removed and reinstalled by the manual', ko: '매뉴얼에 따른 플레이어 삭제 후 재설치' },
] as const;
export type FirstLevelCheckKey = (typeof FIRST_LEVEL_CHECKS)[number]['key'];

/** One first-level check: done or not, and its result (required when done). */
export const CheckRecord = z
  .strictObject({
    done: z.boolean(),
    result: z.string().trim().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.done && !v.result) {
      ctx.addIssue({ code: 'custom', path: ['result'], message: 'Say what the check found.', params: { code: 'RESULT_REQUIRED' } });
    }
  });
export type CheckRecord = z.infer<typeof CheckRecord>;

export const FirstLevelChecks = z.strictObject(
  Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [c.key, CheckRecord])) as Record<FirstLevelCheckKey, typeof CheckRecord>,
);
export type FirstLevelChecks = z.infer<typeof FirstLevelChecks>;

/** Korean and international phone numbers: digits with optional `+`, spaces and dashes; 8–15 digits. */
export const ContactNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]*[0-9]$/, 'Use digits, spaces and dashes, e.g. 010-1234-5678.')
  .refine((v) => {
    const digits = v.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15;
  }, 'A phone number has 8 to 15 digits.');

/** The customer's site: an http(s) address. */
export const SiteUrl = z.url({ protocol: /^https?$/, message: 'Give the site address as http(s)://…' }).max(2000);

/**
 * §7.7 asks for symptoms specific enough that the customer is not asked the same things twice.
 * A phrase like "video doesn't play" is refused; a sentence that says what, where and when passes.
 * Length is weighed by information: a Hangul syllable carries about two Latin letters' worth.
 */
export const SYMPTOMS_MIN_WEIGHT = 30;
export const SYMPTOMS_MIN_WORDS = 4;
export function isSpecificSymptom(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let weight = 0;
  for (const ch of text.replace(/\s/g, '')) weight += /[\p{Script=Hangul}\p{Script=Han}]/u.test(ch) ? 2 : 1;
  return weight >= SYMPTOMS_MIN_WEIGHT && new Set(words.map((w) => w.toLowerCase())).size >= SYMPTOMS_MIN_WORDS;
}

export const Symptoms = z
  .string()
  .trim()
  .min(1)
  .max(4000)
  .superRefine((v, ctx) => {
    if (v.length > 0 && !isSpecificSymptom(v)) {
      ctx.addIssue({
        code: 'custom',
        message: `Describe the symptoms specifically (what happens, on which video or page, since when) in a full sentence, so the customer is not asked the same things again.`,
        params: { code: 'TOO_VAGUE' },
      });
    }
  });

/** §7.6: only where the company has no test account or it is strictly needed. Encrypted at rest. */
export const SiteCredentials = z.strictObject({ userId: line(200), password: z.string().min(1).max(200) });
export type SiteCredentials = z.infer<typeof SiteCredentials>;

/** §7.9, optional: CPU, RAM, graphics card; on Windows Vista or later the System Information score. */
export const PcSpec = z.strictObject({
  cpu: z.string().trim().max(200).optional(),
  ramGb: z.number().positive().max(4096).optional(),
  gpu: z.string().trim().max(200).optional(),
  os: z.string().trim().max(200).optional(),
  windowsScore: z.number().min(1).max(10).optional(),
});
export type PcSpec = z.infer<typeof PcSpec>;

export const NOT_SECOND_LEVEL_MESSAGE =
  'The symptom also occurs on the call-center PC (a common symptom): that is a problem of the customer ' +
  "company's video itself and is not sent to the second level (procedure §7.8). Please check it with the site's operator.";

/** A second-level request: exactly the information of procedure §7, plus §1 records and §4.2 urgency. */
export const CaseIntake = z.strictObject({
  /** §7.1 */
  firstConsultationDate: IsoDate,
  /** §7.1 */
  requestingAgent: line(100),
  /** §7.2 */
  customerName: line(100),
  /** §7.3 */
  contactNumber: ContactNumber,
  /** §7.4, optional */
  reachableHours: z.string().trim().max(200).optional(),
  /** §7.5 */
  siteUrl: SiteUrl,
  /** §7.6, optional, secret */
  siteCredentials: SiteCredentials.optional(),
  /** §7.7 */
  symptoms: Symptoms,
  /** §7.8: `true` means a common symptom, which is refused. */
  reproducesOnCallCenterPc: z.boolean().refine((v) => !v, { message: NOT_SECOND_LEVEL_MESSAGE, params: { code: 'NOT_SECOND_LEVEL' } }),
  /** §7.9, optional */
  pcSpec: PcSpec.optional(),
  /** §1.2–1.3 */
  firstLevelChecks: FirstLevelChecks,
  /** §1.4: the user agreed to be handed to the second level. */
  handOverConsent: z.boolean().refine((v) => v, {
    message: 'The user must consent to the second-level procedure before the case is handed over (procedure §1.4).',
    params: { code: 'CONSENT_REQUIRED' },
  }),
  /** §4.2 */
  urgent: z.boolean().default(false),
});
export type CaseIntake = z.infer<typeof CaseIntake>;
export type CaseIntakeInput = z.input<typeof CaseIntake>;

export const CaseStatus = z.enum(['received', 'contacted', 'in_session', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** How a case ends (procedure §1 HelpDesk 1–4, §1.5 and §3). */
export const CaseOutcome = z.enum([
  'resolved',
  'explained',
  'external_cause',
  'transferred_to_call_center',
  'user_declined',
  'device_not_supported',
]);
export type CaseOutcome = z.infer<typeof CaseOutcome>;

export const TransitionRequest = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('close'),
    outcome: CaseOutcome,
    note: z.string().trim().max(2000).optional(),
    /** Required when the outcome is `transferred_to_call_center` (HelpDesk 4). */
    reason: z.string().trim().max(2000).optional(),
  }),
  z.strictObject({ action: z.literal('reopen'), reason: line(2000) }),
]);
export type TransitionRequest = z.infer<typeof TransitionRequest>;

export const ContactAttemptRequest = z.strictObject({
  reached: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});
export type ContactAttemptRequest = z.infer<typeof ContactAttemptRequest>;

export const RevealCredentialsRequest = z.strictObject({
  reason: z.string().trim().min(5, 'Say why the credentials are needed.').max(500),
});

export const CaseListQuery = z.strictObject({
  status: CaseStatus.optional(),
  companyId: Id.optional(),
  /** The engineer the case is assigned to. */
  assigneeId: Id.optional(),
  outcome: CaseOutcome.optional(),
  /** Received at or after this instant. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Received before this instant. */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const SlaState = z.enum(['pending', 'overdue', 'met', 'missed']);
export const SlaView = z.object({
  /** Receipt, or the next opening when received outside business hours. */
  startsAt: z.string(),
  dueAt: z.string(),
  firstContactAt: z.string().nullable(),
  timeToFirstContactMinutes: z.number().nullable(),
  state: SlaState,
  /** Positive while time is left, negative when overdue; null once the first contact is made. */
  remainingMinutes: z.number().nullable(),
});
export type SlaView = z.infer<typeof SlaView>;

export const ContactAttemptView = z.object({
  id: Id,
  at: z.string(),
  reached: z.boolean(),
  note: z.string().nullable(),
  engineer: z.object({ id: Id, displayName: z.string() }),
});
export type ContactAttemptView = z.infer<typeof ContactAttemptView>;

/** A case as the API shows it. Site credentials never appear: only whether there are any. */
export const CaseView = z.object({
  id: Id,
  ref: z.string(),
  company: z.object({ id: Id, name: z.string() }),
  filedBy: z.object({ id: Id, displayName: z.string() }),
  status: CaseStatus,
  outcome: CaseOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  urgent: z.boolean(),
  receivedAt: z.string(),
  queuedAt: z.string(),
  receivedWithinBusinessHours: z.boolean(),
  /** Set when the case arrived outside business hours: when the HelpDesk opens next. */
  nextOpeningAt: z.string().nullable(),
  assignee: z.object({ id: Id, displayName: z.string() }).nullable(),
  firstConsultationDate: z.string(),
  requestingAgent: z.string(),
  customerName: z.string(),
  contactNumber: z.string(),
  reachableHours: z.string().nullable(),
  siteUrl: z.string(),
  hasSiteCredentials: z.boolean(),
  symptoms: z.string(),
  reproducesOnCallCenterPc: z.boolean(),
  pcSpec: PcSpec.nullable(),
  firstLevelChecks: FirstLevelChecks,
  handOverConsent: z.boolean(),
  sla: SlaView,
  closedAt: z.string().nullable(),
  contacts: z.array(ContactAttemptView).optional(),
});
export type CaseView = z.infer<typeof CaseView>;

export const QueueEntry = CaseView.extend({ queuePosition: z.number().int().positive() });
export type QueueEntry = z.infer<typeof QueueEntry>;

/** The reference people read out and write down: `RA-000042`. */
export function caseRef(id: number): string {
  return `RA-${String(id).padStart(6, '0')}`;
}

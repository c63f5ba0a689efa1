import type { AuditEntry, AuditQuery } from '../../shared/schemas/audit.js';
import type { Role } from '../../shared/schemas/auth.js';
import type { CaseIntake, CaseOutcome, CaseStatus } from '../../shared/schemas/cases.js';
import type { ChainHead } from '../domain/auditChain.js';
import type { AgentKind, DeviceReport } from '../../shared/protocol/device.js';
import type { PlaybackCheckResult } from '../../shared/playbackCheck/items.js';
import type { ConsentRecordView, EndReason, SessionStatus } from '../../shared/protocol/session.js';

/**
 * The store the domain sees. Every method is asynchronous so that a PostgreSQL implementation
 * can be added behind the same interface; the SQLite one answers synchronously under the hood.
 */
export interface Store {
  /** Reads outside a transaction: they see committed data only. */
  readonly read: Repositories;
  /**
   * Runs `work` in one write transaction: all of it commits, durably, or none of it does.
   * Transactions run one at a time. Do no other I/O inside `work`.
   */
  write<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): void;
}

export interface Repositories {
  users: UserRepository;
  companies: CompanyRepository;
  cases: CaseRepository;
  closures: ClosureRepository;
  audit: AuditRepository;
  sessions: SessionRepository;
  joinCodes: JoinCodeRepository;
  consents: ConsentRepository;
  extensions: ExtensionRepository;
  reports: ReportRepository;
  playbackChecks: PlaybackCheckRepository;
  outbox: OutboxRepository;
  statisticsMailings: StatisticsMailingRepository;
  timers: TimerRepository;
}

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  companyId: number | null;
  passwordHash: string;
  disabled: boolean;
  tokenVersion: number;
  createdAt: string;
}
export type NewUser = Omit<UserRecord, 'id' | 'disabled' | 'tokenVersion'>;
export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'role' | 'companyId' | 'passwordHash' | 'disabled' | 'tokenVersion'>>;

export interface UserRepository {
  count(): Promise<number>;
  insert(user: NewUser): Promise<UserRecord>;
  byId(id: number): Promise<UserRecord | null>;
  byUsername(username: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  update(id: number, patch: UserPatch): Promise<UserRecord>;
  countEnabledAdmins(): Promise<number>;
}

export interface CompanyRecord {
  id: number;
  name: string;
  reportEmail: string;
  createdAt: string;
}
export type NewCompany = Omit<CompanyRecord, 'id'>;

export interface CompanyRepository {
  insert(company: NewCompany): Promise<CompanyRecord>;
  byId(id: number): Promise<CompanyRecord | null>;
  byName(name: string): Promise<CompanyRecord | null>;
  list(): Promise<CompanyRecord[]>;
  update(id: number, patch: Partial<Pick<CompanyRecord, 'name' | 'reportEmail'>>): Promise<CompanyRecord>;
  delete(id: number): Promise<void>;
  /** How many users and cases refer to the company. */
  references(id: number): Promise<{ users: number; cases: number }>;
}

/** The §7 information as stored: everything but the site credentials, which are sealed apart. */
export type StoredIntake = Omit<CaseIntake, 'siteCredentials'>;

export interface CaseRecord {
  id: number;
  companyId: number;
  filedBy: number;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  outcomeNote: string | null;
  urgent: boolean;
  receivedAt: string;
  queuedAt: string;
  receivedWithinHours: boolean;
  nextOpeningAt: string | null;
  slaStartsAt: string;
  firstContactAt: string | null;
  assigneeId: number | null;
  intake: StoredIntake;
  hasCredentials: boolean;
  closedAt: string | null;
}
export type NewCase = Omit<CaseRecord, 'id' | 'hasCredentials' | 'firstContactAt' | 'assigneeId' | 'outcome' | 'outcomeNote' | 'closedAt'>;
export type CasePatch = Partial<
  Pick<CaseRecord, 'status' | 'outcome' | 'outcomeNote' | 'queuedAt' | 'firstContactAt' | 'assigneeId' | 'closedAt'>
>;

export interface ContactAttemptRecord {
  id: number;
  caseId: number;
  engineerId: number;
  at: string;
  reached: boolean;
  note: string | null;
}

export interface CaseFilter {
  status?: CaseStatus | undefined;
  companyId?: number | undefined;
  assigneeId?: number | undefined;
  outcome?: CaseOutcome | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export interface CaseRepository {
  insert(c: NewCase): Promise<CaseRecord>;
  byId(id: number): Promise<CaseRecord | null>;
  list(filter: CaseFilter): Promise<CaseRecord[]>;
  /** Every case that is not closed. */
  listOpen(): Promise<CaseRecord[]>;
  /** Cases received in [from, to) or closed in [from, to), for statistics. */
  receivedOrClosedBetween(from: string, to: string): Promise<CaseRecord[]>;
  update(id: number, patch: CasePatch): Promise<CaseRecord>;
  setSealedCredentials(id: number, sealed: string): Promise<void>;
  sealedCredentials(id: number): Promise<string | null>;
  addContact(attempt: Omit<ContactAttemptRecord, 'id'>): Promise<ContactAttemptRecord>;
  contacts(caseId: number): Promise<ContactAttemptRecord[]>;
}

export interface ClosureRecord {
  date: string;
  reason: string;
}

export interface ClosureRepository {
  list(): Promise<ClosureRecord[]>;
  upsert(closure: ClosureRecord, createdBy: number): Promise<void>;
  delete(date: string): Promise<boolean>;
}

export interface AuditRepository {
  head(): Promise<ChainHead | null>;
  /** Appends an already chained entry and moves the head to it. */
  append(entry: AuditEntry): Promise<void>;
  query(q: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in sequence order, streamed. */
  all(filter?: Omit<AuditQuery, 'afterSeq' | 'limit'>): AsyncIterable<AuditEntry>;
}

export interface SessionRecord {
  id: number;
  caseId: number;
  engineerId: number;
  status: SessionStatus;
  createdAt: string;
  agentJoinedAt: string | null;
  /** When consent was recorded: the time limit counts from here. */
  startedAt: string | null;
  deadlineAt: string | null;
  grantedMinutes: number;
  endedAt: string | null;
  endReason: EndReason | null;
  device: DeviceReport | null;
  /** What joined on the user's side, set by its hello: the agent program or a browser (view only). */
  agentKind: AgentKind | null;
  agentIp: string | null;
  language: 'ko' | 'en' | null;
  allowObservers: boolean;
  /** Minutes-left marks whose warning was already sent for the current deadline. */
  warningsSent: number[];
}
export type SessionPatch = Partial<Omit<SessionRecord, 'id' | 'caseId' | 'engineerId' | 'createdAt'>> & { tokenHash?: string };

export interface SessionRepository {
  insert(s: Pick<SessionRecord, 'caseId' | 'engineerId' | 'createdAt'>): Promise<SessionRecord>;
  byId(id: number): Promise<SessionRecord | null>;
  byTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  openForCase(caseId: number): Promise<SessionRecord | null>;
  forCase(caseId: number): Promise<SessionRecord[]>;
  /** Every session not ended, for recovery after a restart. */
  listOpen(): Promise<SessionRecord[]>;
  /** Sessions that existed at some point of [from, to): created before `to`, not ended before `from`. */
  aliveBetween(from: string, to: string): Promise<SessionRecord[]>;
  /** Newest first, filtered by creation time, the case's company and outcome, and the engineer. */
  search(filter: SessionSearch): Promise<Array<SessionRecord & { companyId: number; caseOutcome: string | null }>>;
  update(id: number, patch: SessionPatch): Promise<SessionRecord>;
}

export interface SessionSearch {
  from?: string | undefined;
  to?: string | undefined;
  companyId?: number | undefined;
  engineerId?: number | undefined;
  outcome?: string | undefined;
  limit: number;
}

export interface JoinCodeRecord {
  id: number;
  sessionId: number;
  codeHash: string;
  expiresAt: string;
  usedAt: string | null;
}
export interface JoinCodeRepository {
  insert(c: Omit<JoinCodeRecord, 'id' | 'usedAt'>): Promise<JoinCodeRecord>;
  /** The newest code with this hash, used or not. */
  byHash(codeHash: string): Promise<JoinCodeRecord | null>;
  /** Whether an unused, unexpired code with this hash exists (to avoid issuing a duplicate). */
  isLive(codeHash: string, now: string): Promise<boolean>;
  forSession(sessionId: number): Promise<JoinCodeRecord | null>;
  markUsed(id: number, at: string): Promise<void>;
}

/** A consent as stored is exactly what auditors read. */
export type ConsentRecord = ConsentRecordView;
export interface ConsentRepository {
  insert(c: Omit<ConsentRecord, 'id'>): Promise<ConsentRecord>;
  forSession(sessionId: number): Promise<ConsentRecord[]>;
}

export interface ExtensionRecord {
  id: string;
  sessionId: number;
  minutes: number;
  reason: string;
  requestedBy: number;
  requestedAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'declined' | 'expired';
  answeredAt: string | null;
}
export interface ExtensionRepository {
  insert(e: Omit<ExtensionRecord, 'status' | 'answeredAt'>): Promise<ExtensionRecord>;
  byId(id: string): Promise<ExtensionRecord | null>;
  pendingForSession(sessionId: number): Promise<ExtensionRecord | null>;
  forSession(sessionId: number): Promise<ExtensionRecord[]>;
  /** Every request still pending, for recovery after a restart. */
  listPending(): Promise<ExtensionRecord[]>;
  settle(id: string, status: 'accepted' | 'declined' | 'expired', at: string): Promise<void>;
}

export interface ReportRecord {
  id: number;
  caseId: number;
  submittedBy: number;
  submittedAt: string;
  cause: string;
  outcome: string;
  json: string;
  html: string;
  outboxId: number | null;
}
export interface ReportRepository {
  insert(r: Omit<ReportRecord, 'id'>): Promise<ReportRecord>;
  forCase(caseId: number): Promise<ReportRecord[]>;
  /** Reports submitted in [from, to), for statistics. */
  submittedBetween(from: string, to: string): Promise<ReportRecord[]>;
}

/** A playback check of a session's browser, as the server evaluated it. */
export interface PlaybackCheckRecord {
  id: number;
  sessionId: number;
  caseId: number;
  at: string;
  result: PlaybackCheckResult;
}
export interface PlaybackCheckRepository {
  insert(c: Omit<PlaybackCheckRecord, 'id'>): Promise<PlaybackCheckRecord>;
  /** Oldest first. */
  forCase(caseId: number): Promise<PlaybackCheckRecord[]>;
  forSession(sessionId: number): Promise<PlaybackCheckRecord[]>;
}

export interface OutboxRecord {
  id: number;
  kind: 'report' | 'statistics';
  recipient: string;
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
  /** `pending` until delivered: `sent` over SMTP, or `written` as an .eml file without SMTP. */
  status: 'pending' | 'sent' | 'written';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  reference: string | null;
}
export interface OutboxRepository {
  insert(m: Omit<OutboxRecord, 'id' | 'status' | 'attempts' | 'lastError' | 'deliveredAt'>): Promise<OutboxRecord>;
  byId(id: number): Promise<OutboxRecord | null>;
  due(now: string): Promise<OutboxRecord[]>;
  /**
   * Claims up to `limit` pending messages due at `now` that no node holds, for `by` until `until`:
   * the one node that gets a message delivers it. A claim ends with `markDelivered` or
   * `markFailed`, or lapses at `until` (its node died) and the message is due again.
   */
  claimDue(claim: Claim): Promise<OutboxRecord[]>;
  list(limit: number): Promise<OutboxRecord[]>;
  markDelivered(id: number, status: 'sent' | 'written', at: string, reference: string | null): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: string): Promise<void>;
  /** Makes a pending message due now (an admin's "retry now"). */
  retryNow(id: number, now: string): Promise<boolean>;
}

/** A node's claim on due work: held by `by` until `until`, taken at `now` (ISO instants). */
export interface Claim {
  now: string;
  until: string;
  by: string;
  limit: number;
}

/**
 * A stored due-time of the live-session logic: join-code expiry, consent and extension lapses,
 * warnings, the deadline and the disconnect graces. `key` names what is due (`server/sessions/
 * timerKeys.ts`); any live node fires it, once.
 */
export interface TimerRecord {
  key: string;
  sessionId: number;
  dueAt: string;
}
export interface ClaimedTimer extends TimerRecord {
  /** How often it was claimed, this claim included (a node that died while firing it, a failure). */
  attempts: number;
}
export interface TimerRepository {
  /** Sets the due-time of `key`, replacing the one it had; a timer whose time moved is claimable again. */
  set(timer: TimerRecord): Promise<void>;
  /** Sets it only if `key` has no due-time yet; whether it did. */
  setIfAbsent(timer: TimerRecord): Promise<boolean>;
  clear(key: string): Promise<void>;
  /** Clears every timer of a session (it ended). */
  clearSession(sessionId: number): Promise<void>;
  byKey(key: string): Promise<TimerRecord | null>;
  forSession(sessionId: number): Promise<TimerRecord[]>;
  /** The earliest instant at which a timer can be claimed: its due-time, or the end of a claim on it. */
  nextClaimableAt(): Promise<string | null>;
  /** Claims, in due order, up to `limit` timers due at `now` that no node holds. */
  claimDue(claim: Claim): Promise<ClaimedTimer[]>;
  /** A fired timer is done: it goes, unless it was set again meanwhile (then the new due-time stays). */
  release(timer: Pick<TimerRecord, 'key' | 'dueAt'>, by: string): Promise<void>;
}

export interface StatisticsMailingRepository {
  has(month: string, companyId: number): Promise<boolean>;
  insert(month: string, companyId: number, outboxId: number): Promise<void>;
}

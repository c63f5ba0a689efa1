import type { AuditEntry, AuditQuery } from '../../shared/schemas/audit.js';
import type { Role } from '../../shared/schemas/auth.js';
import type { CaseIntake, CaseOutcome, CaseStatus } from '../../shared/schemas/cases.js';
import type { ChainHead } from '../domain/auditChain.js';

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
  limit: number;
  offset: number;
}

export interface CaseRepository {
  insert(c: NewCase): Promise<CaseRecord>;
  byId(id: number): Promise<CaseRecord | null>;
  list(filter: CaseFilter): Promise<CaseRecord[]>;
  /** Every case that is not closed. */
  listOpen(): Promise<CaseRecord[]>;
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

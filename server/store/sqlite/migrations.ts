import type { Database } from 'better-sqlite3';

/**
 * Versioned schema migrations. Each runs once, in its own transaction, and bumps
 * `PRAGMA user_version`. Never edit a released migration: add the next one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'escalation desk',
    sql: `
      CREATE TABLE companies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        report_email TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'engineer', 'callcenter', 'auditor')),
        company_id INTEGER REFERENCES companies(id),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        token_version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        CHECK ((role = 'callcenter') = (company_id IS NOT NULL))
      );
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES companies(id),
        filed_by INTEGER NOT NULL REFERENCES users(id),
        status TEXT NOT NULL CHECK (status IN ('received', 'contacted', 'in_session', 'closed')),
        outcome TEXT,
        outcome_note TEXT,
        urgent INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        within_hours INTEGER NOT NULL,
        next_opening_at TEXT,
        sla_starts_at TEXT NOT NULL,
        first_contact_at TEXT,
        assignee_id INTEGER REFERENCES users(id),
        intake_json TEXT NOT NULL,
        credentials_sealed TEXT,
        closed_at TEXT
      );
      CREATE INDEX cases_open ON cases (status) WHERE status <> 'closed';
      CREATE INDEX cases_by_company ON cases (company_id, id);
      CREATE TABLE contact_attempts (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        engineer_id INTEGER NOT NULL REFERENCES users(id),
        at TEXT NOT NULL,
        reached INTEGER NOT NULL,
        note TEXT
      );
      CREATE INDEX contact_attempts_by_case ON contact_attempts (case_id, id);
      CREATE TABLE closure_days (
        date TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id)
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_json TEXT NOT NULL,
        actor_user_id INTEGER,
        action TEXT NOT NULL,
        case_id INTEGER,
        session_id INTEGER,
        details_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_case ON audit_log (case_id, seq) WHERE case_id IS NOT NULL;
      CREATE INDEX audit_by_session ON audit_log (session_id, seq) WHERE session_id IS NOT NULL;
      CREATE INDEX audit_by_actor ON audit_log (actor_user_id, seq) WHERE actor_user_id IS NOT NULL;
      CREATE INDEX audit_by_action ON audit_log (action, seq);
      CREATE INDEX audit_by_time ON audit_log (at);
      -- The newest entry, kept apart from the log so that deleting its tail is detected.
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only for the application. Someone with the file can drop these; the hash chain
      -- is what detects that, these only stop honest mistakes.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'live sessions, reports, outbox',
    sql: `
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        engineer_id INTEGER NOT NULL REFERENCES users(id),
        status TEXT NOT NULL CHECK (status IN ('waiting', 'consent_pending', 'active', 'ended')),
        created_at TEXT NOT NULL,
        agent_joined_at TEXT,
        started_at TEXT,
        deadline_at TEXT,
        granted_minutes REAL NOT NULL DEFAULT 0,
        ended_at TEXT,
        end_reason TEXT,
        token_hash TEXT UNIQUE,
        device_json TEXT,
        agent_ip TEXT,
        language TEXT,
        allow_observers INTEGER NOT NULL DEFAULT 0,
        warnings_sent TEXT NOT NULL DEFAULT '[]'
      );
      -- One live session per case, enforced by the store itself.
      CREATE UNIQUE INDEX sessions_one_open_per_case ON sessions (case_id) WHERE status <> 'ended';
      CREATE INDEX sessions_by_created ON sessions (created_at);
      CREATE TABLE join_codes (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL UNIQUE REFERENCES sessions(id),
        code_hash TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX join_codes_by_hash ON join_codes (code_hash, id);
      CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL CHECK (kind IN ('session', 'extension')),
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'decline')),
        at TEXT NOT NULL,
        text_version TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        language TEXT NOT NULL,
        typed_name TEXT NOT NULL,
        ip TEXT NOT NULL,
        device_summary TEXT NOT NULL,
        extension_minutes REAL,
        allow_observers INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX consents_by_session ON consents (session_id, id);
      CREATE TABLE extension_requests (
        id TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        minutes REAL NOT NULL,
        reason TEXT NOT NULL,
        requested_by INTEGER NOT NULL REFERENCES users(id),
        requested_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired')),
        answered_at TEXT
      );
      CREATE INDEX extension_requests_by_session ON extension_requests (session_id, requested_at);
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        submitted_by INTEGER NOT NULL REFERENCES users(id),
        submitted_at TEXT NOT NULL,
        cause TEXT NOT NULL,
        outcome TEXT NOT NULL,
        json TEXT NOT NULL,
        html TEXT NOT NULL,
        outbox_id INTEGER
      );
      CREATE INDEX reports_by_case ON reports (case_id, id);
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('report', 'statistics')),
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        attachments_json TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'written')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        reference TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
      CREATE TABLE statistics_mailings (
        month TEXT NOT NULL,
        company_id INTEGER NOT NULL REFERENCES companies(id),
        outbox_id INTEGER NOT NULL REFERENCES outbox(id),
        PRIMARY KEY (month, company_id)
      );
    `,
  },
  {
    version: 2,
    name: 'stored session timers, claimed outbox deliveries',
    sql: `
      -- The live sessions' due-times (code expiry, consent and extension lapses, warnings, the
      -- deadline, disconnect graces), fired by the process from the table, so a restart keeps them.
      CREATE TABLE session_timers (
        key TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        due_at TEXT NOT NULL,
        claimed_until TEXT,
        claimed_by TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX session_timers_by_due ON session_timers (due_at);
      CREATE INDEX session_timers_by_session ON session_timers (session_id);
      ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    `,
  },
  {
    version: 3,
    name: 'browser sessions and their playback checks',
    sql: `
      ALTER TABLE sessions ADD COLUMN agent_kind TEXT CHECK (agent_kind IN ('agent', 'browser'));
      -- The server's evaluation of each playback check a session's browser sent (the whole
      -- result: measurements and verdicts); the audit log holds its summary.
      CREATE TABLE playback_checks (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        case_id INTEGER NOT NULL REFERENCES cases(id),
        at TEXT NOT NULL,
        status TEXT NOT NULL,
        result_json TEXT NOT NULL
      );
      CREATE INDEX playback_checks_by_case ON playback_checks (case_id, id);
      CREATE INDEX playback_checks_by_session ON playback_checks (session_id, id);
    `,
  },
];

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The data directory was written by a newer version (schema ${current}, this build knows ${latest}).`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}

import Database from 'better-sqlite3';
import type { Repositories, Store } from '../types.js';
import { sqliteAudit } from './audit.js';
import { sqliteCases } from './cases.js';
import { sqliteClosures } from './closures.js';
import { sqliteCompanies } from './companies.js';
import { migrate } from './migrations.js';
import { Statements } from './statements.js';
import { sqliteUsers } from './users.js';
import { sqliteConsents, sqliteExtensions, sqliteJoinCodes } from './consents.js';
import { sqliteOutbox, sqliteReports, sqliteStatisticsMailings } from './mail.js';
import { sqlitePlaybackChecks } from './playbackChecks.js';
import { sqliteSessions } from './sessions.js';
import { sqliteTimers } from './timers.js';

/** The store's file name inside the data directory. */
export const DATABASE_FILE = 'remote-assist.db';

function repositories(db: Database.Database): Repositories {
  const s = new Statements(db);
  return {
    users: sqliteUsers(s),
    companies: sqliteCompanies(s),
    cases: sqliteCases(s),
    closures: sqliteClosures(s),
    audit: sqliteAudit(s),
    sessions: sqliteSessions(s),
    joinCodes: sqliteJoinCodes(s),
    consents: sqliteConsents(s),
    extensions: sqliteExtensions(s),
    reports: sqliteReports(s),
    playbackChecks: sqlitePlaybackChecks(s),
    outbox: sqliteOutbox(s),
    statisticsMailings: sqliteStatisticsMailings(s),
    timers: sqliteTimers(s),
  };
}

/**
 * The embedded store: one SQLite file in WAL mode. Writes go through one connection, one
 * transaction at a time; reads use a second, read-only connection so they never see a write
 * that is still in progress. `synchronous = FULL` makes every commit durable before it returns:
 * what we acknowledged survives a kill -9 or a power cut.
 */
export function openSqliteStore(path: string): Store {
  const writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = FULL');
  writer.pragma('foreign_keys = ON');
  writer.pragma('busy_timeout = 5000');
  migrate(writer);
  const reader = new Database(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');

  const writeRepos = repositories(writer);
  const readRepos = repositories(reader);
  let queue: Promise<unknown> = Promise.resolve();

  return {
    read: readRepos,
    write<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(writeRepos);
          writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
      });
      // The next transaction waits for this one whether it commits or fails.
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      reader.close();
      writer.close();
    },
  };
}

/**
 * Read-only access to a data directory's store, for offline tools (audit verification):
 * it neither migrates nor writes, so it is safe on a copy taken as evidence.
 */
export function openSqliteReader(path: string): Pick<Store, 'read' | 'close'> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  return { read: repositories(db), close: () => db.close() };
}

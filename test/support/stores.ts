import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLogger } from '../../server/logging.js';
import { openStore, type OpenStore } from '../../server/store/open.js';
import { openPostgresStore } from '../../server/store/postgres/database.js';
import { DATABASE_FILE } from '../../server/store/sqlite/database.js';
import { startPostgres, type TestPostgres } from './postgres.js';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

const DATA_KEY = Buffer.alloc(32, 7);

/** Quiet: pool warnings are not what these tests look at. */
const silent = createLogger('silent');

export interface StoreFixture {
  /** A store on a fresh, migrated, empty database (a new SQLite file, or a new PostgreSQL database). */
  fresh(): Promise<OpenStore>;
  /**
   * One more store instance on the same database as the last `fresh` one, as another node opens
   * it. Only PostgreSQL has several nodes; SQLite is one process's file.
   */
  another(): Promise<OpenStore>;
  /** The URL of the last fresh PostgreSQL database. */
  url(): string;
  /** A new PostgreSQL database without any schema, its URL. */
  emptyDatabase(): Promise<string>;
  /** Runs SQL on the last fresh database behind the store's back, with the append-only triggers off. */
  tamper(sql: string): Promise<void>;
  /** Runs SQL on the last fresh database behind the store's back, as it is (triggers on). */
  raw(sql: string): Promise<void>;
}

/**
 * Registers the hooks that give each test of a `describe.each(STORE_KINDS)` block its own store:
 * for PostgreSQL one private server for the file and one database per test (copied from a
 * migrated template), for SQLite one temp directory per test. Every store opened is closed after
 * its test.
 */
export function useStores(kind: StoreKind): StoreFixture {
  let pg: TestPostgres | undefined;
  let template = '';
  let current: { url?: string; dir?: string } = {};
  const opened: OpenStore[] = [];
  const dirs: string[] = [];

  if (kind === 'postgres') {
    beforeAll(async () => {
      pg = await startPostgres();
      template = await pg.createDatabase();
      await (await openPostgresStore(template)).close();
    });
    afterAll(async () => pg?.stop());
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const keep = (store: OpenStore) => {
    opened.push(store);
    return store;
  };
  const open = () => openStore({ dataDir: current.dir ?? '', databaseUrl: current.url ?? null, dataKey: DATA_KEY }, silent);
  const sqliteFile = () => join(current.dir ?? '', DATABASE_FILE);

  return {
    fresh: async () => {
      if (pg) {
        current = { url: await pg.createDatabase(template) };
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'ra-store-'));
        dirs.push(dir);
        current = { dir };
      }
      return keep(await open());
    },
    another: async () => {
      if (!pg) throw new Error('one SQLite file is one node: there is no other instance to open');
      return keep(await open());
    },
    url: () => {
      if (!current.url) throw new Error('no PostgreSQL database opened yet');
      return current.url;
    },
    emptyDatabase: async () => {
      if (!pg) throw new Error('only PostgreSQL has databases to create');
      return pg.createDatabase();
    },
    tamper: async (sql) => {
      if (pg) {
        await pg.sql(current.url!, `BEGIN; ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER; COMMIT`);
      } else {
        const db = new Database(sqliteFile());
        db.exec(`BEGIN; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${sql};
          CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          COMMIT`);
        db.close();
      }
    },
    raw: async (sql) => {
      if (pg) {
        await pg.sql(current.url!, sql);
      } else {
        const db = new Database(sqliteFile());
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      }
    },
  };
}

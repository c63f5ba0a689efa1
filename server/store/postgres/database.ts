import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseError, Pool, types, type CustomTypesConfig, type PoolClient, type PoolConfig } from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChainHead } from '../../domain/auditChain.js';
import type { Repositories, Store } from '../types.js';
import { postgresAudit } from './audit.js';
import { postgresCases } from './cases.js';
import { postgresClosures } from './closures.js';
import { postgresCompanies } from './companies.js';
import { postgresConsents, postgresExtensions, postgresJoinCodes } from './consents.js';
import { postgresOutbox, postgresReports, postgresStatisticsMailings } from './mail.js';
import { migratePostgres } from './migrations.js';
import { postgresPlaybackChecks } from './playbackChecks.js';
import { postgresSessions } from './sessions.js';
import { postgresTimers } from './timers.js';
import { Sql } from './sql.js';
import { postgresUsers } from './users.js';

/** A store whose `close` can be awaited: the pools' connections are gone when it resolves. */
export type PostgresStore = Omit<Store, 'close'> & {
  close(): Promise<void>;
  /** This database's own random name, the same for every node on it (Redis keys are under it). */
  identity: string;
};

function repositories(sql: Sql, lockedHead?: { current: ChainHead | null }): Repositories {
  return {
    users: postgresUsers(sql),
    companies: postgresCompanies(sql),
    cases: postgresCases(sql),
    closures: postgresClosures(sql),
    audit: postgresAudit(sql, lockedHead),
    sessions: postgresSessions(sql),
    joinCodes: postgresJoinCodes(sql),
    consents: postgresConsents(sql),
    extensions: postgresExtensions(sql),
    reports: postgresReports(sql),
    playbackChecks: postgresPlaybackChecks(sql),
    outbox: postgresOutbox(sql),
    statisticsMailings: postgresStatisticsMailings(sql),
    timers: postgresTimers(sql),
  };
}

/**
 * `bigint` columns (audit sequence numbers, counts) arrive as JavaScript numbers, as they do from
 * SQLite; one beyond 2^53 would lose digits, so it is refused instead.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`integer ${text} is beyond JavaScript's safe range`);
  return n;
}
/** Per pool, not pg's global table: other users of the module in the process keep their parsers. */
const INT8_OID: number = types.builtins.INT8;
type Parser = (value: string) => unknown;
const TYPES: CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): Parser => (oid === INT8_OID && format !== 'binary' ? parseInt8 : (types.getTypeParser(oid, format) as Parser)),
};

const BEGIN = `BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE audit_head IN EXCLUSIVE MODE; SELECT seq, hash FROM audit_head WHERE id = 1`;
/** What pg answers to the three statements of BEGIN: one result each, the head in the last. */
const BegunResults = z.tuple([z.unknown(), z.unknown(), z.object({ rows: z.array(z.object({ seq: z.number(), hash: z.string() })).max(1) })]);

/** Serialisation failures and deadlocks roll the whole transaction back: running it again is safe. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export interface PostgresStoreOptions {
  /** Where pool errors (a connection lost while idle) are reported. */
  logger?: Pick<Logger, 'warn'>;
  /**
   * The fingerprint of this node's data-encryption key. The first node records it; a node with
   * another key is refused, since what it sealed the other nodes could not open (and vice versa).
   */
  dataKeyFingerprint?: string;
  readers?: number;
  writers?: number;
  /** How long a write transaction may sit idle before the database ends it (and frees the lock). */
  stalledTransactionMs?: number;
}

function pool(url: string, config: PoolConfig, logger: PostgresStoreOptions['logger']): Pool {
  const p = new Pool({ connectionString: url, application_name: 'remote-assist', keepAlive: true, types: TYPES, ...config });
  // An idle connection that the server closes (a restart, a failover) is dropped from the pool and
  // replaced on next use; without a listener the error would end the process.
  p.on('error', (error) => logger?.warn({ err: error }, 'PostgreSQL connection lost while idle; the pool opens a new one'));
  return p;
}

/**
 * The store for several servers on one PostgreSQL database (`RA_DATABASE_URL`), with the same
 * guarantees as the embedded SQLite store:
 *
 * - `write` runs its work in one transaction that commits entirely or not at all. It first takes
 *   the write lock of the whole database (`LOCK TABLE audit_head IN EXCLUSIVE MODE`), so write
 *   transactions run one at a time across every node, as SQLite's single writer runs them on one:
 *   every read-check-write of the domain (assigning a case, using a join code, settling an
 *   extension, mailing a month once) sees the latest committed state and nothing interleaves.
 *   Almost every write appends to the one audit chain, which cannot take two appends at once
 *   anyway. The lock comes before any read, so the transaction's snapshot is taken after the
 *   previous writer committed. SERIALIZABLE isolation on top turns any writer that bypasses the
 *   lock into a serialisation failure; those (and deadlocks) are retried a few times.
 * - Reads run on their own pool, each statement on committed data only.
 * - A writer connection left idle inside a transaction (a node that hangs) is closed by the
 *   server after a minute, which frees the lock for the other nodes.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const readers = pool(url, { max: options.readers ?? 10 }, options.logger);
  let identity: string;
  const writers = pool(url, { max: options.writers ?? 4, idle_in_transaction_session_timeout: options.stalledTransactionMs ?? 60_000 }, options.logger);
  try {
    await migratePostgres(writers);
    if (options.dataKeyFingerprint) await checkDataKey(writers, options.dataKeyFingerprint);
    identity = await storeIdentity(writers);
  } catch (error) {
    await Promise.all([readers.end(), writers.end()]);
    throw error;
  }
  const read = repositories(new Sql(readers));

  async function attempt<T>(client: PoolClient, work: (tx: Repositories) => Promise<T>): Promise<T> {
    // One round trip that begins, takes the write lock and reads the audit head. The lock is the
    // first statement, so the snapshot (taken by the SELECT) sees the previous writer's commit.
    const begun = BegunResults.parse(await client.query(BEGIN));
    const result = await work(repositories(new Sql(client), { current: begun[2].rows[0] ?? null }));
    await client.query('COMMIT');
    return result;
  }

  return {
    read,
    identity,
    async write<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      for (let n = 1; ; n++) {
        const client = await writers.connect();
        // The pool listens for errors only on idle connections; one cut while checked out (the
        // server ended a stalled transaction, a failover) must fail this write, not the process.
        const lost = (error: Error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost during a write transaction');
        client.on('error', lost);
        let unusable: Error | undefined;
        try {
          return await attempt(client, work);
        } catch (error) {
          unusable = await rollback(client);
          const retryable = error instanceof DatabaseError && RETRYABLE.has(error.code ?? '');
          if (!retryable || n >= MAX_ATTEMPTS) throw error;
        } finally {
          client.off('error', lost);
          client.release(unusable);
        }
        // Real time on purpose: this spaces out competing writers, it is no rule of the domain.
        await sleep(Math.random() * 10 * n);
      }
    },
    close: async () => {
      await Promise.all([readers.end(), writers.end()]);
    },
  };
}

async function checkDataKey(pool: Pool, fingerprint: string): Promise<void> {
  await pool.query(`INSERT INTO store_keys (name, fingerprint) VALUES ('data-key', $1) ON CONFLICT (name) DO NOTHING`, [fingerprint]);
  const { rows } = await pool.query<{ fingerprint: string }>(`SELECT fingerprint FROM store_keys WHERE name = 'data-key'`);
  if (rows[0]?.fingerprint !== fingerprint) {
    throw new Error('RA_DATA_KEY is not the key this database was started with: every node needs the same RA_DATA_KEY (and RA_JWT_SECRET).');
  }
}

/** The database's random name, made by the first node that opens it. */
async function storeIdentity(pool: Pool): Promise<string> {
  await pool.query(`INSERT INTO store_keys (name, fingerprint) VALUES ('store-id', $1) ON CONFLICT (name) DO NOTHING`, [randomUUID()]);
  const { rows } = await pool.query<{ fingerprint: string }>(`SELECT fingerprint FROM store_keys WHERE name = 'store-id'`);
  const id = rows[0]?.fingerprint;
  if (!id) throw new Error('the store has no id');
  return id;
}

/** Rolls back what is left of a failed transaction; the error if the connection cannot be reused. */
async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Read-only access to a PostgreSQL store for offline tools (audit verification, statistics): the
 * session is read-only, it neither migrates nor writes.
 */
export async function openPostgresReader(url: string): Promise<Pick<PostgresStore, 'read' | 'close'>> {
  const readers = pool(url, { max: 2, options: '-c default_transaction_read_only=on' }, undefined);
  const found = await readers.query<{ present: boolean }>(`SELECT to_regclass('audit_log') IS NOT NULL AS present`).catch(async (error: unknown) => {
    await readers.end();
    throw error;
  });
  if (!found.rows[0]?.present) {
    await readers.end();
    throw new Error('that database holds no RemoteAssist store (no audit_log table)');
  }
  return { read: repositories(new Sql(readers)), close: () => readers.end() };
}

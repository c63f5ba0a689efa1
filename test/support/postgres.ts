import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, startDaemon, tiedToThisProcess } from './daemon.js';

const run = promisify(execFile);

/**
 * Debian's PostgreSQL (`apt-get install postgresql`, 15 on Debian 12; `.ci/run` installs it): the
 * newest major version installed.
 */
function serverBinaries(): { major: string; bin: string } {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!major) throw new Error(`no PostgreSQL server under ${root}: apt-get install postgresql (bash .ci/run does)`);
  return { major, bin: join(root, major, 'bin') };
}

export interface TestPostgres {
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** Its directory (cluster and socket), removed by `stop`. */
  dir: string;
  /** The superuser's URL of the maintenance database `postgres`. */
  adminUrl: string;
  /**
   * Creates a database and returns its URL (the superuser's, over TCP): empty, or a copy of
   * `template` (the URL of a database no one is connected to; copying a migrated one is much
   * faster than migrating each time).
   */
  createDatabase(template?: string): Promise<string>;
  /** Runs SQL as the superuser in a database, behind the application's back (tampering tests). */
  sql(url: string, text: string): Promise<Array<Record<string, unknown>>>;
  /** Stops the server at once (open connections are cut) and removes its directory. */
  stop(): Promise<void>;
}

interface ServerUser {
  /** The command line that runs `bin` as the server's user, tied to this process. */
  wrap(bin: string, args: string[]): [string, string[]];
  /** Hands a directory to the server's user. */
  chown(path: string): void;
}

/**
 * PostgreSQL refuses to run as root: as root, every binary runs as the `postgres` user (and the
 * directories are handed to it); as any other user, as that user.
 */
async function lookUpServerUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return { wrap: (bin, args) => tiedToThisProcess(bin, args), chown: () => undefined };
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return {
    wrap: (bin, args) => tiedToThisProcess(bin, args, ['--reuid=postgres', '--regid=postgres', '--init-groups']),
    chown: (path) => chownSync(path, Number(uid.stdout.trim()), Number(gid.stdout.trim())),
  };
}
let serverUser: Promise<ServerUser> | undefined;

/**
 * An initialised cluster directory, made once per machine and copied for each instance: `initdb`
 * takes seconds, a copy a fraction of one. It is built aside and renamed into place, so parallel
 * test files never see half of one.
 */
async function templateCluster(user: ServerUser, { major, bin }: { major: string; bin: string }): Promise<string> {
  const template = join(tmpdir(), `ra-pg${major}-template-uid${process.getuid?.() ?? 'x'}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'ra-pg-initdb-'));
  user.chown(building);
  try {
    const [initdb, args] = user.wrap(join(bin, 'initdb'), ['-D', join(building, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    await run(initdb, args, { cwd: building });
    try {
      renameSync(join(building, 'data'), template);
    } catch (error) {
      // Another test file finished its template first; theirs is as good as ours.
      if (!existsSync(join(template, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

async function query(url: string, text: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(text)).rows;
  } finally {
    await client.end();
  }
}

let databases = 0;

/**
 * A private PostgreSQL server for one test file: a copy of the template cluster in a fresh temp
 * directory (owned by the server's user), a free port on 127.0.0.1, its Unix socket in that
 * directory. Durability settings stay as shipped (fsync on). Stop it in `afterAll`.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const user = await (serverUser ??= lookUpServerUser());
  const binaries = serverBinaries();
  const template = await templateCluster(user, binaries);
  const dir = mkdtempSync(join(tmpdir(), 'ra-pg-'));
  user.chown(dir);
  const data = join(dir, 'data');
  const [cp, cpArgs] = user.wrap('cp', ['-a', template, data]);
  await run(cp, cpArgs).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const [bin, args] = user.wrap(join(binaries.bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200']);
    try {
      const daemon = await startDaemon(bin, args, /database system is ready to accept connections/, { env: { ...process.env, LC_ALL: 'C' } });
      const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      return {
        port,
        pid: daemon.child.pid!,
        dir,
        adminUrl,
        createDatabase: async (template) => {
          const name = `ra_test_${process.pid}_${++databases}`;
          const from = template ? ` TEMPLATE "${new URL(template).pathname.slice(1)}"` : '';
          await query(adminUrl, `CREATE DATABASE ${name}${from}`);
          return `postgres://postgres@127.0.0.1:${port}/${name}`;
        },
        sql: query,
        stop: async () => {
          // SIGQUIT is PostgreSQL's immediate shutdown: no final checkpoint (seconds of fsync)
          // for a cluster that is deleted the moment after; a restart would recover like after a crash.
          await daemon.stop('SIGQUIT');
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      if (attempt >= 3 || !/could not bind|Address already in use/.test(String(error))) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

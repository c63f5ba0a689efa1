import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { apiClient } from '../support/api.js';
import { loginAs } from '../support/fixtures.js';
import { runTs } from '../support/processes.js';
import { startTestServer } from '../support/server.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-config-'));
  dirs.push(dir);
  return dir;
}

describe('configuration', () => {
  it.each([
    ['RA_PORT', 'eighty'],
    ['RA_TIME_ZONE', 'Mars/Olympus'],
    ['RA_DATA_KEY', 'c2hvcnQ='],
    ['RA_BOOTSTRAP_ADMIN', 'admin'],
    ['RA_JWT_SECRET', 'short'],
    ['RA_DATABASE_URL', 'mysql://db.example/remote_assist'],
  ])('refuses a bad %s at start, exiting non-zero and naming the variable', async (name, value) => {
    const result = await runTs('server/main.ts', [], { RA_DATA_DIR: tempDir(), RA_PORT: '0', [name]: value });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(name);
  });

  it('refuses a database URL that is not PostgreSQL without repeating it (it may hold a password)', async () => {
    const result = await runTs('server/main.ts', [], { RA_DATA_DIR: tempDir(), RA_PORT: '0', RA_DATABASE_URL: 'mysql://ra:pa55-w0rd-x@db.example/ra' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('RA_DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(result.stderr + result.stdout).not.toContain('pa55-w0rd-x');
  });

  it('takes a postgres:// or postgresql:// database URL, and without one uses the embedded store', () => {
    const dataDir = tempDir();
    expect(loadConfig({ RA_DATA_DIR: dataDir }).databaseUrl).toBeNull();
    expect(loadConfig({ RA_DATA_DIR: dataDir, RA_DATABASE_URL: '' }).databaseUrl).toBeNull();
    expect(loadConfig({ RA_DATA_DIR: dataDir, RA_DATABASE_URL: 'postgresql://ra@db.example:5433/ra?sslmode=require' }).databaseUrl).toBe('postgresql://ra@db.example:5433/ra?sslmode=require');
    expect(loadConfig({ RA_DATA_DIR: dataDir, RA_DATABASE_URL: 'postgres://ra@db.example/ra' }).databaseUrl).toBe('postgres://ra@db.example/ra');
  });

  it('defaults to 127.0.0.1:8080, ./data and Asia/Seoul', () => {
    const cwd = process.cwd();
    const dir = tempDir();
    process.chdir(dir);
    try {
      const config = loadConfig({});
      expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, timeZone: 'Asia/Seoul', dataDir: join(dir, 'data') });
    } finally {
      process.chdir(cwd);
    }
  });

  it('generates the JWT secret and data key into the data directory, readable by the owner only, and keeps them', () => {
    const dataDir = tempDir();
    const first = loadConfig({ RA_DATA_DIR: dataDir });
    for (const file of ['jwt-secret', 'data-key']) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    const second = loadConfig({ RA_DATA_DIR: dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.dataKey.equals(first.dataKey)).toBe(true);
    expect(first.dataKey).toHaveLength(32);
  });

  it('without a bootstrap admin, creates one with a random password in an owner-only file', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir, env: { RA_BOOTSTRAP_ADMIN: '' } });
    try {
      const file = join(dataDir, 'initial-admin-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const [username, password] = readFileSync(file, 'utf8').trim().split(':');
      const api = apiClient(server.url);
      expect(await loginAs(api, username!, password!)).toBeTruthy();
      expect(server.logs()).not.toContain(password!);
    } finally {
      await server.stop();
    }
  });

  it('uses the bootstrap admin only while the store has no users', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir, env: { RA_BOOTSTRAP_ADMIN: 'root:first-password-1' } });
    await first.stop();
    const second = await startTestServer({ dataDir, clock: first.clock, env: { RA_BOOTSTRAP_ADMIN: 'other:second-password-1' } });
    try {
      expect((await second.api.post('/api/auth/login', { username: 'other', password: 'second-password-1' })).status).toBe(401);
      expect((await second.api.post('/api/auth/login', { username: 'root', password: 'first-password-1' })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Platform } from '../shared/protocol/device.js';
import { CHECK_CLIPS_DIST } from './check/clipManifest.js';
import { DEFAULT_TIME_ZONE, SESSION_DEFAULT_MINUTES, SESSION_MAX_TOTAL_MINUTES } from '../shared/policy.js';

/** A duration in minutes; fractions allowed, so tests and labs can use seconds. */
const minutes = z.coerce.number().positive();

/** A comma-separated list, each item validated by the schema that follows in `.pipe`. */
const csv = z.string().transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean));

/**
 * The environment variables the server reads, validated at start. A bad value stops the server
 * with a message that names the variable; nothing falls back silently.
 */
const Env = z
  .object({
    RA_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    RA_HOST: z
      .string()
      .default('127.0.0.1')
      .refine((h) => isIP(h) !== 0 || /^[a-z0-9.-]+$/i.test(h), 'must be an IP address or a host name'),
    RA_DATA_DIR: z.string().min(1).default('./data'),
    RA_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' }).optional(),
    RA_REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' }).optional(),
    RA_TIME_ZONE: z.string().default(DEFAULT_TIME_ZONE).refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Asia/Seoul'),
    RA_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    RA_DATA_KEY: z
      .string()
      .refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
      .optional(),
    RA_BOOTSTRAP_ADMIN: z
      .string()
      .regex(/^[a-z0-9._-]{3,32}:.{10,200}$/i, 'must be user:password, the password at least 10 characters')
      .optional(),
    RA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RA_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(8 * 60),
    RA_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
    RA_UPLOAD_LIMIT_KB: z.coerce.number().int().min(1).max(51_200).default(5_120),
    RA_HELPDESK_NAME: z.string().trim().min(1).max(100).default('KOLLUS HelpDesk'),
    RA_ALLOWED_ORIGINS: csv.pipe(z.array(z.url())).optional(),
    RA_JOIN_CODE_TTL_MINUTES: minutes.default(10),
    RA_SESSION_DEFAULT_MINUTES: minutes.default(SESSION_DEFAULT_MINUTES),
    RA_SESSION_MAX_MINUTES: minutes.default(SESSION_MAX_TOTAL_MINUTES),
    RA_SESSION_WARNING_MINUTES: csv.pipe(z.array(z.string().transform(Number).pipe(z.number().positive()))).default([10, 1]),
    RA_EXTENSION_ANSWER_MINUTES: minutes.default(2),
    RA_CONSENT_ANSWER_MINUTES: minutes.default(5),
    RA_DISCONNECT_GRACE_MINUTES: minutes.default(2),
    RA_SUPPORTED_PLATFORMS: csv.pipe(z.array(Platform)).default(['windows', 'android', 'ios']),
    RA_STUN_URLS: csv.pipe(z.array(z.string().regex(/^stuns?:/, 'must be stun: or stuns: URLs'))).default([]),
    RA_TURN_URLS: csv.pipe(z.array(z.string().regex(/^turns?:/, 'must be turn: or turns: URLs'))).default([]),
    RA_TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    RA_TURN_TTL_MINUTES: minutes.default(60),
    RA_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
    RA_MAIL_FROM: z.string().min(3).default('RemoteAssist <remote-assist@localhost>'),
    RA_SOCKET_MAX_MESSAGE_KB: z.coerce.number().int().min(16).max(10_240).default(128),
    RA_CHECK_CLIPS_DIR: z.string().min(1).default(CHECK_CLIPS_DIST),
    RA_AGENT_BUILDS_DIR: z.string().min(1).default('./dist/agent'),
  })
  // Several servers share one PostgreSQL store; an SQLite file is one machine's.
  .refine((e) => !e.RA_REDIS_URL || e.RA_DATABASE_URL, { path: ['RA_REDIS_URL'], message: 'several servers need a shared store: set RA_DATABASE_URL too' });
export type Env = z.infer<typeof Env>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The PostgreSQL store shared by several servers; null = the embedded SQLite store in `dataDir`. */
  databaseUrl: string | null;
  /** Redis, shared by several servers (presence, realtime rooms, limits); null = one server. */
  redisUrl: string | null;
  timeZone: string;
  jwtSecret: string;
  dataKey: Buffer;
  bootstrapAdmin: { username: string; password: string } | null;
  logLevel: Env['RA_LOG_LEVEL'];
  tokenTtlMinutes: number;
  bodyLimitKb: number;
  uploadLimitKb: number;
  helpdeskName: string;
  /** Browser origins allowed to open a realtime connection; null = this server's own. */
  allowedOrigins: string[] | null;
  joinCodeTtlMinutes: number;
  session: { defaultMinutes: number; maxTotalMinutes: number; warningMinutes: number[] };
  extensionAnswerMinutes: number;
  consentAnswerMinutes: number;
  disconnectGraceMinutes: number;
  supportedPlatforms: Platform[];
  ice: { stunUrls: string[]; turnUrls: string[]; turnSecret: string | null; turnTtlMinutes: number };
  smtpUrl: string | null;
  mailFrom: string;
  socketMaxMessageKb: number;
  /** Where the playback check's test clips are (`npm run build:clips`). */
  checkClipsDir: string;
  /** Where `npm run build:agent` put the end-user agent builds that /download offers. */
  agentBuildsDir: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; generates missing secrets into the data directory. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable (`RA_X=`) means "not set", as shells and .env files usually intend.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.RA_DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const [adminUser, ...rest] = e.RA_BOOTSTRAP_ADMIN?.split(':') ?? [];
  return {
    port: e.RA_PORT,
    host: e.RA_HOST,
    dataDir,
    databaseUrl: e.RA_DATABASE_URL ?? null,
    redisUrl: e.RA_REDIS_URL ?? null,
    timeZone: e.RA_TIME_ZONE,
    jwtSecret: e.RA_JWT_SECRET ?? secretFile(dataDir, 'jwt-secret', () => randomBytes(48).toString('base64')),
    dataKey: Buffer.from(e.RA_DATA_KEY ?? secretFile(dataDir, 'data-key', () => randomBytes(32).toString('base64')), 'base64'),
    bootstrapAdmin: adminUser ? { username: adminUser.toLowerCase(), password: rest.join(':') } : null,
    logLevel: e.RA_LOG_LEVEL,
    tokenTtlMinutes: e.RA_TOKEN_TTL_MINUTES,
    bodyLimitKb: e.RA_BODY_LIMIT_KB,
    uploadLimitKb: e.RA_UPLOAD_LIMIT_KB,
    helpdeskName: e.RA_HELPDESK_NAME,
    allowedOrigins: e.RA_ALLOWED_ORIGINS ?? null,
    joinCodeTtlMinutes: e.RA_JOIN_CODE_TTL_MINUTES,
    session: { defaultMinutes: e.RA_SESSION_DEFAULT_MINUTES, maxTotalMinutes: e.RA_SESSION_MAX_MINUTES, warningMinutes: e.RA_SESSION_WARNING_MINUTES },
    extensionAnswerMinutes: e.RA_EXTENSION_ANSWER_MINUTES,
    consentAnswerMinutes: e.RA_CONSENT_ANSWER_MINUTES,
    disconnectGraceMinutes: e.RA_DISCONNECT_GRACE_MINUTES,
    supportedPlatforms: e.RA_SUPPORTED_PLATFORMS,
    ice: { stunUrls: e.RA_STUN_URLS, turnUrls: e.RA_TURN_URLS, turnSecret: e.RA_TURN_SECRET ?? null, turnTtlMinutes: e.RA_TURN_TTL_MINUTES },
    smtpUrl: e.RA_SMTP_URL ?? null,
    mailFrom: e.RA_MAIL_FROM,
    socketMaxMessageKb: e.RA_SOCKET_MAX_MESSAGE_KB,
    checkClipsDir: resolve(e.RA_CHECK_CLIPS_DIR),
    agentBuildsDir: resolve(e.RA_AGENT_BUILDS_DIR),
  };
}

/**
 * A secret kept in the data directory, created on first start with owner-only permissions.
 * `wx` fails if another process created it in the meantime; then we read theirs.
 */
function secretFile(dataDir: string, name: string, generate: () => string): string {
  const path = join(dataDir, name);
  try {
    writeFileSync(path, generate(), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8').trim();
}

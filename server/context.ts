import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.js';
import type { Config } from './config.js';
import type { HolidayCalendar } from './domain/businessHours.js';
import type { RefusalTally } from './audit/refusalTally.js';
import type { AttemptLimiter } from './security/failureLimiter.js';
import type { SecretBox } from './security/secretBox.js';
import type { TokenService } from './security/tokens.js';
import type { Store } from './store/types.js';
import type { SessionDeps } from './sessions/deps.js';
import type { OutboxWorker } from './mail/outbox.js';
import type { SheetReader } from './services/cases/sheetReader.js';
import type { ReadyResponse } from '../shared/schemas/health.js';

/**
 * What the user service announces once a change is committed, for parts above it to act on
 * without the service knowing them: the composition root connects the realtime layer here.
 */
export interface UserEventMap {
  /** The user's tokens were invalidated (disabled, or role, company or password changed). */
  accessRevoked: [userId: number];
}
export type UserEvents = EventEmitter<UserEventMap>;

/**
 * Everything the server's parts need, built once in `app.ts` and handed down. Functions take
 * the narrowest `Pick<AppContext, …>` they can.
 */
export interface AppContext {
  config: Config;
  clock: Clock;
  store: Store;
  logger: Logger;
  secrets: SecretBox;
  tokens: TokenService;
  holidays: HolidayCalendar;
  /** Failed-login limits. */
  loginLimits: { perAccount: AttemptLimiter; perAddress: AttemptLimiter };
  /**
   * Refusals of unauthenticated attempts that anyone can repeat at will (logins while a wait runs,
   * join codes), counted per address and minute into the audit log, off the request's path.
   */
  refusals: RefusalTally;
  /** Announcements of committed account changes. */
  userEvents: UserEvents;
}

/** The context plus the live-session machinery, as routes and namespaces see it. */
export interface ServerContext extends AppContext {
  live: SessionDeps;
  /** Whether this node can serve (`/api/ready`): store and Redis answer, not shutting down. */
  readiness(): Promise<ReadyResponse>;
  outbox: OutboxWorker;
  /** Reads uploaded spreadsheets in worker threads, never on the thread that answers requests. */
  sheets: SheetReader;
}

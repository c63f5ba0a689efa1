import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.js';
import type { Config } from './config.js';
import type { HolidayCalendar } from './domain/businessHours.js';
import type { FailureLimiter } from './security/failureLimiter.js';
import type { SecretBox } from './security/secretBox.js';
import type { TokenService } from './security/tokens.js';
import type { UserEvents } from './services/userEvents.js';
import type { Store } from './store/types.js';
import type { SessionDeps } from './sessions/deps.js';
import type { OutboxWorker } from './mail/outbox.js';

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
  loginLimits: { perAccount: FailureLimiter; perAddress: FailureLimiter };
  /** Announcements of committed account changes (see `services/userEvents.ts`). */
  userEvents: UserEvents;
}

/** The context plus the live-session machinery, as routes and namespaces see it. */
export interface ServerContext extends AppContext {
  live: SessionDeps;
  outbox: OutboxWorker;
}

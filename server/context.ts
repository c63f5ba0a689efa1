import type { Logger } from 'pino';
import type { Clock } from '../shared/clock.js';
import type { Role } from '../shared/schemas/auth.js';
import type { Config } from './config.js';
import type { HolidayCalendar } from './domain/businessHours.js';
import type { CoalescedRefusals } from './audit/coalescedRefusals.js';
import type { FailureLimiter } from './security/failureLimiter.js';
import type { SecretBox } from './security/secretBox.js';
import type { TokenService } from './security/tokens.js';
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
  /** Failed-login limits, and the audit of the logins they refuse. */
  loginLimits: { perAccount: FailureLimiter; perAddress: FailureLimiter; refusals: CoalescedRefusals };
}

/** The context plus the live-session machinery, as routes and namespaces see it. */
export interface ServerContext extends AppContext {
  live: SessionDeps;
  outbox: OutboxWorker;
}

/** The authenticated staff member behind a request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  companyId: number | null;
}

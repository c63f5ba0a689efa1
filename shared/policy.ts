/**
 * Policy constants from the HelpDesk procedure (../seed, "helpdesk-procedure"). Defaults only:
 * where an operator may need another value, the server's configuration overrides them.
 */

/** §2: second-level action normally starts by contacting the user within 24 h of receipt… */
export const FIRST_CONTACT_DUE_HOURS = 24;
/** …and on average within 6 h. Reported in statistics, not enforced per case. */
export const FIRST_CONTACT_TARGET_AVERAGE_HOURS = 6;

/** §5: hours for accepting cases, local time of the HelpDesk. `null` = closed all day. */
export const BUSINESS_HOURS: Readonly<Record<number, { open: string; close: string } | null>> = {
  // ISO weekday: 1 = Monday … 7 = Sunday
  1: { open: '10:00', close: '19:00' },
  2: { open: '10:00', close: '19:00' },
  3: { open: '10:00', close: '19:00' },
  4: { open: '10:00', close: '19:00' },
  5: { open: '10:00', close: '19:00' },
  6: { open: '13:00', close: '17:00' },
  7: null,
};

/** Default time zone of the HelpDesk. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** §6: remote work within one hour by default … */
export const SESSION_DEFAULT_MINUTES = 60;
/** … and, with the end user's consent, up to six hours in all. */
export const SESSION_MAX_TOTAL_MINUTES = 360;

/** How far back a first-level consultation date may plausibly lie. */
export const FIRST_CONSULTATION_MAX_AGE_DAYS = 365;

/** Minimum length of a password chosen for a staff account. */
export const PASSWORD_MIN_LENGTH = 10;

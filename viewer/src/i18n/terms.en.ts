/**
 * Labels for the identifiers the server records (audit actions and their fields, action kinds,
 * statuses, end reasons): pages show these, never the identifiers. `terms.ko.ts` has the same keys.
 */
export const termsEn = {
  /** How a session ended, said neutrally (auditors, other staff): not "by you". */
  sessionEnd: {
    engineer_ended: 'Ended by the engineer', user_stopped: 'Stopped by the user', expired: 'Ended: time limit reached', user_declined: 'Declined by the user',
    consent_timeout: 'Ended: the consent was not answered', device_not_supported: 'Ended: device not supported', code_expired: 'Ended: the code expired unused',
    agent_disconnected: 'Ended: the user’s agent stayed disconnected', engineer_disconnected: 'Ended: the engineer stayed disconnected',
  } as Record<string, string>,
  diagnosticStatus: { pass: 'Pass', warn: 'Warning', fail: 'Fail', error: 'Could not check', info: 'Information' } as Record<string, string>,
  actionKinds: {
    control_granted: 'Remote control started', control_paused: 'Remote control paused', control_resumed: 'Remote control resumed', control_stopped: 'Remote control ended',
    control_unavailable: 'Remote control not available', monitor_switched: 'Monitor switched', diagnostic_run: 'Diagnostic check', chat: 'Chat message', file_transfer: 'File transfer',
  } as Record<string, string>,
  parties: { user: 'The user', engineer: 'The engineer', agent: 'The user’s agent', browser: 'The user’s browser' } as Record<string, string>,
  decisions: { accept: 'Accepted', decline: 'Declined' } as Record<string, string>,
  consentKinds: { session: 'Consent to remote support', extension: 'Consent to more time' } as Record<string, string>,
  languages: { ko: 'Korean', en: 'English' } as Record<string, string>,
  mailKinds: { report: 'Result report', statistics: 'Monthly statistics' } as Record<string, string>,
  actors: {
    system: 'The server',
    agent: (name: string) => `${name} (at the user’s PC)`,
    anonymous: (ip: string) => `Unidentified caller (${ip})`,
  },
  extensionMinutes: (m: number) => `${m} more minutes`,
  textVersion: 'Text version',
  auditActions: {
    'auth.login': 'Logged in', 'auth.login_failed': 'Login refused', 'user.bootstrapped': 'First administrator created', 'user.created': 'User created',
    'user.updated': 'User changed', 'user.disabled': 'User disabled', 'company.created': 'Company added', 'company.updated': 'Company changed', 'company.deleted': 'Company removed',
    'closure.set': 'Closure day set', 'closure.removed': 'Closure day removed', 'case.filed': 'Case filed', 'case.import': 'Cases uploaded', 'case.assigned': 'Case assigned',
    'case.contact_logged': 'Call logged', 'case.closed': 'Case closed', 'case.reopened': 'Case reopened', 'case.credentials_revealed': 'Site credentials shown',
    'case.report_submitted': 'Result report submitted', 'request.refused': 'Request refused', 'audit.exported': 'Audit log exported', 'outbox.retry_requested': 'Mail retry asked for',
    'statistics.mailed': 'Monthly statistics mailed', 'session.opened': 'Session opened: join code issued', 'session.join_failed': 'Join attempt failed', 'session.join_refused': 'Join attempt refused',
    'session.agent_joined': 'The user’s agent joined', 'session.agent_reconnected': 'The user’s agent reconnected', 'session.agent_disconnected': 'The user’s agent disconnected',
    'session.engineer_disconnected': 'The engineer disconnected', 'session.device_accepted': 'Device accepted', 'session.device_refused': 'Device not supported',
    'session.consent_recorded': 'Consent answer recorded', 'session.started': 'Remote support started', 'session.warning_sent': 'Time warning sent', 'session.extension_requested': 'More time asked for',
    'session.extension_answered': 'Extension answered', 'session.extension_expired': 'Extension not answered', 'session.extended': 'Time extended', 'session.observer_joined': 'Observer started watching',
    'session.observer_refused': 'Observer refused', 'session.signal_refused': 'Connection signal refused', 'session.action_refused': 'Action report refused', 'session.recovered': 'Session recovered after a restart',
    'session.ended': 'Session ended', 'session.playback_check': 'Video-playback check received', 'session.playback_check_refused': 'Video-playback check refused',
  } as Record<string, string>,
  /** The fields of audit entries' details. */
  auditFields: {
    reason: 'Reason', decision: 'Decision', textVersion: 'Text version', textSha256: 'Text SHA-256', language: 'Language', typedName: 'Name typed', allowObservers: 'Observers allowed',
    minutes: 'Minutes', grantedMinutes: 'Minutes granted in all', newTotalMinutes: 'New total (minutes)', deadlineAt: 'Ends at', codeExpiresAt: 'Code valid until', minutesLeft: 'Minutes left',
    requestId: 'Request', status: 'State', statusBefore: 'State before', statusFrom: 'State before', statusTo: 'State after', startedAt: 'Started at', durationMinutes: 'Duration (minutes)',
    outcome: 'Outcome', outcomeFrom: 'Outcome before', via: 'Through', ip: 'Address', device: 'Device', platform: 'Platform', agentVersion: 'Agent version', check: 'Check', summary: 'Result',
    automatic: 'Automatic', items: 'Measured', text: 'Message', by: 'By', displayId: 'Monitor', direction: 'Direction', name: 'Name', sizeBytes: 'Size (bytes)', reportedBy: 'Reported by',
    code: 'Refusal', scope: 'Scope', assigneeId: 'Engineer', reached: 'User reached', note: 'Note', firstContact: 'First contact', reportId: 'Report', cause: 'Cause', mailTo: 'Mailed to',
    outboxId: 'Mail', month: 'Month', companyId: 'Company', to: 'To', format: 'Format', filter: 'Filter', userId: 'User', username: 'Username', role: 'Role', changed: 'Changed',
    disabled: 'Disabled', tokensInvalidated: 'Logged out everywhere', date: 'Date', ref: 'Case', urgent: 'Urgent', receivedWithinBusinessHours: 'Received in business hours',
    nextOpeningAt: 'Next opening', hasSiteCredentials: 'Site credentials given', totalRows: 'Rows', imported: 'Imported', rejectedRows: 'Rows refused', retryAfterSeconds: 'Wait (seconds)',
    method: 'Method', path: 'Path', fields: 'Fields', expectedVersion: 'Expected version', currentStatus: 'Current state', reportEmail: 'Report e-mail address',
    agentKind: 'Joined with', handover: 'Continued in', handoverFrom: 'Continues session', checkId: 'Check', version: 'Version', counts: 'Rows', attention: 'Needs attention',
    browser: 'Browser', durationMs: 'Duration (ms)', pass: 'Pass', warn: 'Warning', fail: 'Fail', error: 'Could not check', info: 'Information', kind: 'Kind',
  } as Record<string, string>,
  via: { report: 'The result report', session: 'The remote session', page_closed: 'The join page was closed' } as Record<string, string>,
  directions: { to_user: 'To the user', from_user: 'From the user' } as Record<string, string>,
};
export type Terms = typeof termsEn;

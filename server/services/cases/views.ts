import type { CaseView, ContactAttemptView } from '../../../shared/schemas/cases.js';
import { caseRef } from '../../../shared/schemas/cases.js';
import { slaView } from '../../domain/sla.js';
import type { CaseRecord, ContactAttemptRecord } from '../../store/types.js';
import type { Directory } from './directory.js';

/** A stored case as the API shows it: names resolved, SLA computed for `nowMs`, no secrets. */
export function toCaseView(c: CaseRecord, dir: Directory, nowMs: number, contacts?: ContactAttemptRecord[]): CaseView {
  const { intake } = c;
  return {
    id: c.id,
    ref: caseRef(c.id),
    company: { id: c.companyId, name: dir.companyName(c.companyId) },
    filedBy: { id: c.filedBy, displayName: dir.userName(c.filedBy) },
    status: c.status,
    outcome: c.outcome,
    outcomeNote: c.outcomeNote,
    urgent: c.urgent,
    receivedAt: c.receivedAt,
    queuedAt: c.queuedAt,
    receivedWithinBusinessHours: c.receivedWithinHours,
    nextOpeningAt: c.nextOpeningAt,
    assignee: c.assigneeId === null ? null : { id: c.assigneeId, displayName: dir.userName(c.assigneeId) },
    firstConsultationDate: intake.firstConsultationDate,
    requestingAgent: intake.requestingAgent,
    customerName: intake.customerName,
    contactNumber: intake.contactNumber,
    reachableHours: intake.reachableHours ?? null,
    siteUrl: intake.siteUrl,
    hasSiteCredentials: c.hasCredentials,
    symptoms: intake.symptoms,
    reproducesOnCallCenterPc: intake.reproducesOnCallCenterPc,
    pcSpec: intake.pcSpec ?? null,
    firstLevelChecks: intake.firstLevelChecks,
    handOverConsent: intake.handOverConsent,
    sla: slaView({ startsAtMs: Date.parse(c.slaStartsAt), firstContactAtMs: c.firstContactAt ? Date.parse(c.firstContactAt) : null }, nowMs),
    closedAt: c.closedAt,
    ...(contacts ? { contacts: contacts.map((a) => toContactView(a, dir)) } : {}),
  };
}

function toContactView(a: ContactAttemptRecord, dir: Directory): ContactAttemptView {
  return { id: a.id, at: a.at, reached: a.reached, note: a.note, engineer: { id: a.engineerId, displayName: dir.userName(a.engineerId) } };
}

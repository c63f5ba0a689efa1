import { z } from 'zod';
import { DeviceReport } from '../../../shared/protocol/device.js';
import type { SessionPatch, SessionRecord } from '../types.js';
import { type Flag, flag } from './flag.js';
import { parseJsonColumn } from './jsonColumn.js';

/** A sessions row as both engines return it; read and written the same way by each. */
export interface SessionRow {
  id: number;
  case_id: number;
  engineer_id: number;
  status: SessionRecord['status'];
  created_at: string;
  agent_joined_at: string | null;
  started_at: string | null;
  deadline_at: string | null;
  granted_minutes: number;
  ended_at: string | null;
  end_reason: SessionRecord['endReason'];
  device_json: string | null;
  agent_kind: SessionRecord['agentKind'];
  agent_ip: string | null;
  language: SessionRecord['language'];
  allow_observers: Flag;
  warnings_sent: string;
}

/** The columns a patch may set, by the record's field. */
export const SESSION_PATCH_COLUMNS: Record<keyof SessionPatch, string> = {
  status: 'status',
  agentJoinedAt: 'agent_joined_at',
  startedAt: 'started_at',
  deadlineAt: 'deadline_at',
  grantedMinutes: 'granted_minutes',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  device: 'device_json',
  agentKind: 'agent_kind',
  agentIp: 'agent_ip',
  language: 'language',
  allowObservers: 'allow_observers',
  warningsSent: 'warnings_sent',
  tokenHash: 'token_hash',
};

/** A patched value as its column stores it: the device and the warnings sent are JSON text. */
export const encodeSessionPatch = (key: keyof SessionPatch, value: unknown): unknown =>
  key === 'device' || key === 'warningsSent' ? (value === null ? null : JSON.stringify(value)) : value;

/** The warnings already sent, as minutes-left marks. */
const WarningsSent = z.array(z.number().positive());

export const sessionFromRow = (r: SessionRow): SessionRecord => ({
  id: r.id,
  caseId: r.case_id,
  engineerId: r.engineer_id,
  status: r.status,
  createdAt: r.created_at,
  agentJoinedAt: r.agent_joined_at,
  startedAt: r.started_at,
  deadlineAt: r.deadline_at,
  grantedMinutes: r.granted_minutes,
  endedAt: r.ended_at,
  endReason: r.end_reason,
  device: r.device_json === null ? null : parseJsonColumn(DeviceReport, r.device_json, { table: 'sessions', column: 'device_json', rowKey: r.id }),
  agentKind: r.agent_kind,
  agentIp: r.agent_ip,
  language: r.language,
  allowObservers: flag(r.allow_observers),
  warningsSent: parseJsonColumn(WarningsSent, r.warnings_sent, { table: 'sessions', column: 'warnings_sent', rowKey: r.id }),
});

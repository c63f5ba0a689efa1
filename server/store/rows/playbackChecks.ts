import { PlaybackCheckResult } from '../../../shared/playbackCheck/items.js';
import type { PlaybackCheckRecord } from '../types.js';
import { parseJsonColumn } from './jsonColumn.js';

/** A playback_checks row as both engines return it (`status` is kept for queries, the result holds it too). */
export interface PlaybackCheckRow {
  id: number;
  session_id: number;
  case_id: number;
  at: string;
  result_json: string;
}

export const PLAYBACK_CHECK_COLUMNS = 'id, session_id, case_id, at, result_json';

export const playbackCheckFromRow = (r: PlaybackCheckRow): PlaybackCheckRecord => ({
  id: r.id,
  sessionId: r.session_id,
  caseId: r.case_id,
  at: r.at,
  result: parseJsonColumn(PlaybackCheckResult, r.result_json, { table: 'playback_checks', column: 'result_json', rowKey: r.id }),
});

import { PlaybackCheckResult } from '../../../shared/playbackCheck/items.js';
import type { PlaybackCheckRecord, PlaybackCheckRepository } from '../types.js';
import { parseJsonColumn } from './json.js';
import type { Statements } from './statements.js';

const SELECT = `SELECT id, session_id AS sessionId, case_id AS caseId, at, result_json AS resultJson FROM playback_checks`;
const SQL = {
  insert: `INSERT INTO playback_checks (session_id, case_id, at, status, result_json) VALUES (@sessionId, @caseId, @at, @status, @resultJson)`,
  forCase: `${SELECT} WHERE case_id = ? ORDER BY id`,
  forSession: `${SELECT} WHERE session_id = ? ORDER BY id`,
};

type Row = Omit<PlaybackCheckRecord, 'result'> & { resultJson: string };
const toRecord = ({ resultJson, ...r }: Row): PlaybackCheckRecord => ({
  ...r,
  result: parseJsonColumn(PlaybackCheckResult, resultJson, { table: 'playback_checks', column: 'result_json', rowKey: r.id }),
});

export function sqlitePlaybackChecks(s: Statements): PlaybackCheckRepository {
  return {
    insert: async (c) => {
      const id = Number(s.get(SQL.insert).run({ sessionId: c.sessionId, caseId: c.caseId, at: c.at, status: c.result.status, resultJson: JSON.stringify(c.result) }).lastInsertRowid);
      return { ...c, id };
    },
    forCase: async (caseId) => (s.get(SQL.forCase).all(caseId) as Row[]).map(toRecord),
    forSession: async (sessionId) => (s.get(SQL.forSession).all(sessionId) as Row[]).map(toRecord),
  };
}

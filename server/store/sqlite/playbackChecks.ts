import { PLAYBACK_CHECK_COLUMNS, playbackCheckFromRow, type PlaybackCheckRow } from '../rows/playbackChecks.js';
import type { PlaybackCheckRepository } from '../types.js';
import type { Statements } from './statements.js';

const SELECT = `SELECT ${PLAYBACK_CHECK_COLUMNS} FROM playback_checks`;
const SQL = {
  insert: `INSERT INTO playback_checks (session_id, case_id, at, status, result_json) VALUES (@sessionId, @caseId, @at, @status, @resultJson)`,
  forCase: `${SELECT} WHERE case_id = ? ORDER BY id`,
  forSession: `${SELECT} WHERE session_id = ? ORDER BY id`,
};

export function sqlitePlaybackChecks(s: Statements): PlaybackCheckRepository {
  return {
    insert: async (c) => {
      const id = Number(s.get(SQL.insert).run({ sessionId: c.sessionId, caseId: c.caseId, at: c.at, status: c.result.status, resultJson: JSON.stringify(c.result) }).lastInsertRowid);
      return { ...c, id };
    },
    forCase: async (caseId) => (s.get(SQL.forCase).all(caseId) as PlaybackCheckRow[]).map(playbackCheckFromRow),
    forSession: async (sessionId) => (s.get(SQL.forSession).all(sessionId) as PlaybackCheckRow[]).map(playbackCheckFromRow),
  };
}

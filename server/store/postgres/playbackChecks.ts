import { PLAYBACK_CHECK_COLUMNS, playbackCheckFromRow, type PlaybackCheckRow } from '../rows/playbackChecks.js';
import type { PlaybackCheckRepository } from '../types.js';
import type { Sql } from './sql.js';

const SQL = {
  insert: `INSERT INTO playback_checks (session_id, case_id, at, status, result_json) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  forCase: `SELECT ${PLAYBACK_CHECK_COLUMNS} FROM playback_checks WHERE case_id = $1 ORDER BY id`,
  forSession: `SELECT ${PLAYBACK_CHECK_COLUMNS} FROM playback_checks WHERE session_id = $1 ORDER BY id`,
};

export function postgresPlaybackChecks(sql: Sql): PlaybackCheckRepository {
  return {
    insert: async (c) => {
      const row = await sql.one<{ id: number }>(SQL.insert, [c.sessionId, c.caseId, c.at, c.result.status, JSON.stringify(c.result)]);
      return { ...c, id: row!.id };
    },
    forCase: async (caseId) => (await sql.rows<PlaybackCheckRow>(SQL.forCase, [caseId])).map(playbackCheckFromRow),
    forSession: async (sessionId) => (await sql.rows<PlaybackCheckRow>(SQL.forSession, [sessionId])).map(playbackCheckFromRow),
  };
}

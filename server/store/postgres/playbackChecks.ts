import { PlaybackCheckResult } from '../../../shared/playbackCheck/items.js';
import type { PlaybackCheckRecord, PlaybackCheckRepository } from '../types.js';
import { decodeJson } from './decode.js';
import type { Sql } from './sql.js';

const COLUMNS = `id, session_id AS "sessionId", case_id AS "caseId", at, result_json AS "resultJson"`;
const SQL = {
  insert: `INSERT INTO playback_checks (session_id, case_id, at, status, result_json) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  forCase: `SELECT ${COLUMNS} FROM playback_checks WHERE case_id = $1 ORDER BY id`,
  forSession: `SELECT ${COLUMNS} FROM playback_checks WHERE session_id = $1 ORDER BY id`,
};

type Row = Omit<PlaybackCheckRecord, 'result'> & { resultJson: string };
const toRecord = ({ resultJson, ...r }: Row): PlaybackCheckRecord => ({ ...r, result: decodeJson(PlaybackCheckResult, resultJson, `playback check ${r.id}`) });

export function postgresPlaybackChecks(sql: Sql): PlaybackCheckRepository {
  return {
    insert: async (c) => {
      const row = await sql.one<{ id: number }>(SQL.insert, [c.sessionId, c.caseId, c.at, c.result.status, JSON.stringify(c.result)]);
      return { ...c, id: row!.id };
    },
    forCase: async (caseId) => (await sql.rows<Row>(SQL.forCase, [caseId])).map(toRecord),
    forSession: async (sessionId) => (await sql.rows<Row>(SQL.forSession, [sessionId])).map(toRecord),
  };
}

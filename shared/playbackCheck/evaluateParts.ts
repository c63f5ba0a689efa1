import type { PlaybackCheckItem } from './items.js';
import type { ProbeError, ProbeErrorCode } from './measurements.js';
import type { Finding, ItemId } from './texts.js';

/** One item kind's two shapes, by id. */
export type ItemOf<I extends ItemId> = Extract<PlaybackCheckItem, { id: I }>;
export type EvaluatedItem<I extends ItemId> = Exclude<ItemOf<I>, { status: 'error' }>;
export type ErrorItem<I extends ItemId> = Extract<ItemOf<I>, { status: 'error' }>;
/** The fields that tell rows of a kind apart (codec and resolution, key system, clip). */
export type ItemKeys<I extends ItemId> = Omit<ErrorItem<I>, 'id' | 'status' | 'summary' | 'findings' | 'values'>;

export type Verdict = 'pass' | 'warn' | 'fail' | 'info';

const RANK: Record<Verdict, number> = { info: 0, pass: 1, warn: 2, fail: 3 };

/** Collects the verdicts of an item's rules: the item gets the worst, and every finding. */
export class Judgement {
  status: Verdict;
  readonly findings: Finding[] = [];

  constructor(initial: Verdict = 'pass') {
    this.status = initial;
  }

  add(verdict: Verdict, finding?: Finding): this {
    if (RANK[verdict] > RANK[this.status]) this.status = verdict;
    if (finding && !this.findings.includes(finding)) this.findings.push(finding);
    return this;
  }
}

const ERROR_FINDING: Record<ProbeErrorCode, Finding> = {
  timeout: 'probe_timed_out',
  unavailable: 'probe_unavailable',
  refused: 'probe_refused',
  clips_not_built: 'clips_not_built',
  aborted: 'probe_aborted',
  failed: 'probe_failed',
};

/** The row of a probe that gave no measurement: status `error`, the reason as its summary. */
export function errorItem<I extends ItemId>(id: I, keys: ItemKeys<I>, error: Pick<ProbeError, 'code' | 'reason'>): ErrorItem<I> {
  const item = { id, ...keys, status: 'error' as const, summary: `not measured: ${error.reason}`.slice(0, 500), findings: [ERROR_FINDING[error.code]], values: null };
  // The spread of a generic key type is not narrowed by TypeScript; the shape is the error variant.
  return item as ErrorItem<I>;
}

/** An evaluated row. */
export function evaluated<I extends ItemId>(id: I, keys: ItemKeys<I>, judgement: Judgement, summary: string, values: EvaluatedItem<I>['values']): EvaluatedItem<I> {
  const item = { id, ...keys, status: judgement.status, summary: summary.slice(0, 500), findings: judgement.findings, values };
  // As above: the object is the evaluated variant of kind I.
  return item as EvaluatedItem<I>;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * What the uncertainty functions read: per-influencer totals, as columns (the fast form) or as
 * lines (an `analyze` report's `influencers`), with the priors the totals were shrunk toward.
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import type { BetaPrior, RatioPrior } from '../metrics/intervals.js';
import type { ScoringScheme, ScoringSchemeInput } from '../scoring/scoring.js';

/** A number column: a `Float64Array` (`NaN`: null) or an array of numbers and nulls. */
export type NumberColumn = Float64Array | readonly (number | null)[];

/**
 * Per-influencer totals as columns, one entry per influencer in the order of `ids`. Counts are
 * finite numbers >= 0; `revenue` and `cost` are `NaN` (or `null`) where the influencer has none.
 */
export interface FunnelColumns {
  readonly ids: readonly string[];
  readonly impressions: NumberColumn;
  readonly clicks: NumberColumn;
  readonly addToCart: NumberColumn;
  readonly purchases: NumberColumn;
  readonly revenue: NumberColumn;
  readonly cost: NumberColumn;
  /**
   * Other numeric columns a scoring scheme may name (`rows`, `followerCount`, `ctrLow`, your own
   * fields...): the draws hold them at these values. `NaN` or `null`: missing.
   */
  readonly extra?: Readonly<Record<string, NumberColumn>>;
}

/** One influencer's totals as a line: an `analyze` report line fits, so does any object with these fields. */
export interface FunnelLine {
  readonly influencerId: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  readonly revenue?: number | null;
  readonly cost?: number | null;
}

/**
 * The priors the posterior draws start from: the fitted beta priors of the three stage rates and
 * the within-influencer noise of revenue per click. An `analyze` report's `priors` (or the
 * `priors` of `smallSampleEstimates`) fits.
 */
export interface UncertaintyPriors {
  readonly ctr: Pick<BetaPrior, 'alpha' | 'beta'>;
  readonly atcRate: Pick<BetaPrior, 'alpha' | 'beta'>;
  readonly purchaseRate: Pick<BetaPrior, 'alpha' | 'beta'>;
  readonly rpc: Pick<RatioPrior, 'withinVariance'> & Partial<Pick<RatioPrior, 'method'>>;
}

/**
 * The scheme a source was scored with, when it says: the draws are scored with the options'
 * `scoring`, else the source's `scoring`, else its preset's scheme, else the `default` preset's.
 */
export interface SourceScheme {
  readonly scoring?: ScoringScheme | ScoringSchemeInput;
  /** A preset name (`default`, `classic`), as an `analyze` report carries it. */
  readonly preset?: string;
}

/** Totals as lines with their priors: an `analyze` report is one. */
export interface FunnelLinesSource extends SourceScheme {
  readonly influencers: readonly FunnelLine[];
  readonly priors: UncertaintyPriors;
}

/** Totals as columns with their priors. */
export interface FunnelColumnsSource extends SourceScheme {
  readonly columns: FunnelColumns;
  readonly priors: UncertaintyPriors;
}

/** What the ranking and comparison functions read: lines (a report) or columns, with priors. */
export type UncertaintySource = FunnelLinesSource | FunnelColumnsSource;

/** Totals checked and copied into `Float64Array`s (`NaN`: null). @internal */
export interface Totals {
  readonly ids: readonly string[];
  readonly impressions: Float64Array;
  readonly clicks: Float64Array;
  readonly addToCart: Float64Array;
  readonly purchases: Float64Array;
  readonly revenue: Float64Array;
  readonly cost: Float64Array;
  /** A held (point) column for a metric the draws do not cover, or undefined. */
  readonly held: (metric: string) => Float64Array | undefined;
  /** The names {@link Totals.held} can give. */
  readonly heldNames: readonly string[];
}

const COUNTS = ['impressions', 'clicks', 'addToCart', 'purchases'] as const;
const MONEY = ['revenue', 'cost'] as const;

/**
 * Lines to columns: the explicit conversion from row objects (an `analyze` report's
 * `influencers`, or your own totals) to {@link FunnelColumns}. Other numeric fields of the lines
 * become `extra` columns, so a scheme can score them.
 *
 * @example
 * ```ts
 * const columns = toFunnelColumns([
 *   { influencerId: 'ana', impressions: 1000, clicks: 30, addToCart: 6, purchases: 2, revenue: 90, cost: null },
 *   { influencerId: 'ben', impressions: 400, clicks: 8, addToCart: 1, purchases: 0, revenue: 0, cost: null },
 * ]);
 * columns.ids; // ['ana', 'ben']
 * columns.clicks[1]; // 8
 * Number.isNaN(columns.cost[0]); // true
 * ```
 */
export function toFunnelColumns(lines: readonly FunnelLine[]): FunnelColumns {
  if (!Array.isArray(lines)) throw new InvalidInputError('toFunnelColumns requires an array of influencer lines.');
  const n = lines.length;
  const ids: string[] = new Array(n);
  const column = () => new Float64Array(n);
  const out = { impressions: column(), clicks: column(), addToCart: column(), purchases: column(), revenue: column(), cost: column() };
  const extraNames = new Set<string>();
  for (let i = 0; i < n; i++) {
    const line = lines[i] as FunnelLine | null | undefined;
    if (line === null || typeof line !== 'object') throw new InvalidInputError(`toFunnelColumns requires every line to be an object; line ${i} is ${line === null ? 'null' : typeof line}.`);
    ids[i] = line.influencerId;
    for (const key of COUNTS) out[key][i] = line[key] as number;
    for (const key of MONEY) {
      const v = line[key];
      out[key][i] = v == null ? NaN : v;
    }
    for (const key of Object.keys(line)) {
      if (typeof (line as unknown as Record<string, unknown>)[key] === 'number' && !Object.prototype.hasOwnProperty.call(out, key)) extraNames.add(key);
    }
  }
  // Own data properties whatever the names (`Object.fromEntries`, not assignment: `__proto__` too).
  const extra: Record<string, Float64Array> = Object.fromEntries(
    [...extraNames].map((name) => {
      const values = column();
      for (let i = 0; i < n; i++) {
        const v = (lines[i] as unknown as Record<string, unknown>)[name];
        values[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      }
      return [name, values];
    }),
  );
  return { ids, ...out, extra };
}

/** The columns of a source: its `columns`, or its lines converted. @internal */
export function columnsOfSource(source: UncertaintySource, fn: string): FunnelColumns {
  const s = source as Partial<FunnelLinesSource & FunnelColumnsSource> | null;
  if (s === null || typeof s !== 'object') throw new InvalidInputError(`${fn} requires { influencers, priors } (an analyze report) or { columns, priors }.`);
  if (Array.isArray(s.influencers)) return toFunnelColumns(s.influencers);
  if (s.columns !== undefined && s.columns !== null && typeof s.columns === 'object') return s.columns;
  throw new InvalidInputError(`${fn} requires { influencers, priors } (an analyze report) or { columns, priors }.`);
}

/** A column copied into a `Float64Array` with `null` read as `NaN`, checked to have `n` values. */
function copyColumn(values: NumberColumn | undefined, n: number, name: string, fn: string): Float64Array {
  if (!(values instanceof Float64Array) && !Array.isArray(values)) {
    throw new InvalidInputError(`${fn} requires the column \`${name}\` (a Float64Array or an array of numbers).`, { field: name });
  }
  if (values.length !== n) {
    throw new InvalidInputError(`${fn}: the column \`${name}\` has ${values.length} values for ${n} ids.`, { field: name, length: values.length, ids: n });
  }
  if (values instanceof Float64Array) return Float64Array.from(values);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = v == null ? NaN : typeof v === 'number' ? v : NaN;
  }
  return out;
}

/**
 * Checked copies of the columns: ids are distinct strings, counts finite and >= 0, money `NaN` or
 * finite and >= 0. Held columns are the counts, revenue, cost, `cpm` and the `extra` columns
 * (non-finite values read as missing). @internal
 */
export function checkedTotals(columns: FunnelColumns, fn: string): Totals {
  const ids = columns.ids;
  if (!Array.isArray(ids)) throw new InvalidInputError(`${fn} requires \`ids\`, an array of influencer ids.`);
  const n = ids.length;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (typeof id !== 'string') throw new InvalidInputError(`${fn} requires every influencer id to be a string; id ${i} is ${String(id)}.`, { index: i });
    if (seen.has(id)) throw new InvalidInputError(`${fn}: influencer "${id}" appears twice; give each influencer one line of totals.`, { influencerId: id });
    seen.add(id);
  }
  const counts = {} as Record<(typeof COUNTS)[number], Float64Array>;
  for (const key of COUNTS) {
    const values = copyColumn(columns[key], n, key, fn);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!(v >= 0 && v < Infinity)) {
        throw new InvalidInputError(`${fn} requires \`${key}\` to be finite numbers >= 0; influencer "${ids[i]}" has ${String(columnValue(columns[key], i))}.`, {
          field: key,
          influencerId: ids[i],
        });
      }
    }
    counts[key] = values;
  }
  const money = {} as Record<(typeof MONEY)[number], Float64Array>;
  for (const key of MONEY) {
    const values = copyColumn(columns[key], n, key, fn);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === v && !(v >= 0 && v < Infinity)) {
        throw new InvalidInputError(`${fn} requires \`${key}\` to be finite numbers >= 0 or null; influencer "${ids[i]}" has ${String(v)}.`, {
          field: key,
          influencerId: ids[i],
        });
      }
    }
    money[key] = values;
  }
  const extra = columns.extra ?? {};
  if (extra === null || typeof extra !== 'object') throw new InvalidInputError(`${fn}: \`extra\` must be an object of number columns.`);
  const held = new Map<string, Float64Array>();
  const cpm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const impressions = counts.impressions[i]!;
    cpm[i] = impressions > 0 ? (1000 * money.cost[i]!) / impressions : NaN;
  }
  for (const [name, values] of Object.entries(extra)) {
    const copy = copyColumn(values, n, `extra.${name}`, fn);
    for (let i = 0; i < n; i++) if (!Number.isFinite(copy[i]!)) copy[i] = NaN;
    held.set(name, copy);
  }
  for (const key of COUNTS) held.set(key, counts[key]);
  for (const key of MONEY) held.set(key, money[key]);
  held.set('cpm', cpm);
  return { ids, ...counts, ...money, held: (metric) => held.get(metric), heldNames: [...held.keys()] };
}

function columnValue(values: NumberColumn, i: number): unknown {
  return (values as ArrayLike<unknown>)[i];
}

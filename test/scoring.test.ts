import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineScoring, normalizeColumn, rankScores, score, SCORABLE_METRICS, type Normalizer, type ScoringSchemeInput } from '../src/index.js';
import { compareIds } from '../src/base/ids.js';
import { expectError } from './support/expect-error.js';

const NORMALIZERS: Normalizer[] = ['none', 'minmax', 'zscore', 'rank'];

describe('defineScoring', () => {
  it('fills defaults, freezes the scheme and survives JSON', () => {
    const scheme = defineScoring({ metrics: [{ metric: 'rpcShrunk', weight: 2 }, { metric: 'cpa', weight: 1, direction: 'lower', normalize: 'minmax' }] });
    expect(scheme).toEqual({
      metrics: [
        { metric: 'rpcShrunk', weight: 2, normalize: 'rank', direction: 'higher' },
        { metric: 'cpa', weight: 1, normalize: 'minmax', direction: 'lower' },
      ],
      missing: 'worst',
    });
    expect(Object.isFrozen(scheme)).toBe(true);
    expect(Object.isFrozen(scheme.metrics)).toBe(true);
    expect(Object.isFrozen(scheme.metrics[0])).toBe(true);
    const copy = JSON.parse(JSON.stringify(scheme));
    expect(copy).toEqual(scheme);
    expect(defineScoring(copy)).toEqual(scheme);
  });

  it('knows every report metric, interval bound and shrunk estimate', () => {
    for (const name of ['ctr', 'ctrLow', 'ctrHigh', 'ctrShrunk', 'rpcShrunk', 'rpiShrunk', 'overallConversionShrunk', 'roas', 'followerCount', 'revenue']) {
      expect(SCORABLE_METRICS).toContain(name);
    }
  });

  it('accepts your own fields through extraMetrics', () => {
    expect(defineScoring({ metrics: [{ metric: 'engagement', weight: 1 }] }, { extraMetrics: ['engagement'] }).metrics[0]!.metric).toBe('engagement');
    expectError(() => defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }] }, { extraMetrics: 'x' as never }), 'INVALID_OPTIONS', /`extraMetrics` must be an array/);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['an unknown metric', { metrics: [{ metric: 'ctrr', weight: 1 }] }, /metrics\.0\.metric: unknown metric "ctrr": use one of .*\bctr\b.*\bctrShrunk\b.*extraMetrics/],
    ['weights that sum to 0', { metrics: [{ metric: 'ctr', weight: 0 }, { metric: 'rpc', weight: 0 }] }, /metrics: the weights sum to 0: at least one weight must be positive/],
    ['a negative weight', { metrics: [{ metric: 'ctr', weight: -1 }] }, /metrics\.0\.weight: a weight cannot be negative/],
    ['an infinite weight', { metrics: [{ metric: 'ctr', weight: Infinity }] }, /metrics\.0\.weight: a weight must be a finite number >= 0/],
    ['a weight that is not a number', { metrics: [{ metric: 'ctr', weight: '1' }] }, /metrics\.0\.weight: a weight must be a finite number >= 0/],
    ['an unknown normaliser', { metrics: [{ metric: 'ctr', weight: 1, normalize: 'log' }] }, /metrics\.0\.normalize: unknown normaliser: use one of none, minmax, zscore, rank/],
    ['an unknown direction', { metrics: [{ metric: 'ctr', weight: 1, direction: 'up' }] }, /metrics\.0\.direction: unknown direction: use one of higher, lower/],
    ['an unknown missing policy', { metrics: [{ metric: 'ctr', weight: 1 }], missing: 'zero' }, /missing: unknown missing-value policy: use one of worst, reweight, null/],
    ['a metric listed twice', { metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'ctr', weight: 2 }] }, /metrics\.1\.metric: "ctr" appears twice/],
    ['no metrics', { metrics: [] }, /metrics: a scheme needs at least 1 metric/],
    ['no metrics array', { missing: 'worst' }, /metrics: a scheme needs a `metrics` array/],
    ['an unknown key in a metric', { metrics: [{ metric: 'ctr', weight: 1, wieght: 2 }] }, /metrics\.0: unknown key "wieght": allowed keys are metric, weight, normalize, direction/],
    ['an unknown key in the scheme', { metrics: [{ metric: 'ctr', weight: 1 }], normalise: 'rank' }, /\(root\): unknown key "normalise": allowed keys are metrics, missing/],
    ['something that is not an object', 'ctr', /\(root\): a scheme must be an object/],
  ];
  it.each(invalid)('rejects %s with INVALID_SCHEME naming the path', (_, input, message) => {
    const error = expectError(() => defineScoring(input as ScoringSchemeInput), 'INVALID_SCHEME', message);
    expect(error.message.startsWith('Invalid scoring scheme: ')).toBe(true);
    expect((error.details.issues as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('normalizeColumn', () => {
  it('gives defined values for constant, single and missing columns', () => {
    expect(normalizeColumn([4, 4, 4], 'rank', 'higher')).toEqual([0.5, 0.5, 0.5]);
    expect(normalizeColumn([4, 4, 4], 'minmax', 'higher')).toEqual([0.5, 0.5, 0.5]);
    expect(normalizeColumn([4, 4, 4], 'zscore', 'higher')).toEqual([0, 0, 0]);
    expect(normalizeColumn([7], 'rank', 'lower')).toEqual([0.5]);
    expect(normalizeColumn([null, null], 'zscore', 'higher')).toEqual([null, null]);
    expect(normalizeColumn([10, null, 30, 20], 'rank', 'higher')).toEqual([0, null, 1, 0.5]);
    expect(normalizeColumn([10, 30, 20], 'minmax', 'lower')).toEqual([1, 0, 0.5]);
    expect(normalizeColumn([1, 2, 2, 3], 'rank', 'higher')).toEqual([0, 0.5, 0.5, 1]);
    const z = normalizeColumn([1, 2, 3], 'zscore', 'higher') as number[];
    expect(z[0]).toBeCloseTo(-Math.sqrt(1.5), 14);
  });

  it('rejects unknown normalisers and directions', () => {
    expectError(() => normalizeColumn([1], 'log' as Normalizer, 'higher'), 'INVALID_OPTIONS', /Unknown normaliser "log": use one of none, minmax, zscore, rank/);
    expectError(() => normalizeColumn([1], 'rank', 'up' as 'higher'), 'INVALID_OPTIONS', /Unknown direction "up": use one of higher, lower/);
  });
});

const row = (id: string, values: Record<string, number | null>) => ({ influencerId: id, ...values });

describe('score', () => {
  const scheme = defineScoring({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 3 }] });

  it('returns score, competition rank and contributions, in input order', () => {
    const rows = Object.freeze([row('3', { ctr: 0.02, rpc: 2 }), row('1', { ctr: 0.01, rpc: 4 }), row('2', { ctr: 0.03, rpc: 1 })].map((r) => Object.freeze(r)));
    const scored = score(rows, scheme);
    expect(scored.map((r) => r.influencerId)).toEqual(['3', '1', '2']);
    expect(scored[1]).toMatchObject({ score: 0.75, rank: 1, contributions: { ctr: 0, rpc: 0.75 } });
    expect(scored[0]).toMatchObject({ score: 0.125 + 0.375, rank: 2 });
    expect(scored[2]).toMatchObject({ score: 0.25, rank: 3 });
  });

  it('shares ranks between ties and breaks ties for order by id (numeric ids numerically)', () => {
    const scored = score([row('10', { ctr: 1, rpc: 1 }), row('9', { ctr: 1, rpc: 1 }), row('a', { ctr: 0, rpc: 0 }), row('2', { ctr: 2, rpc: 2 })], scheme);
    expect(scored.map((r) => r.rank)).toEqual([2, 2, 4, 1]);
  });

  it('has defined results for a single influencer, constant columns and all-null metrics', () => {
    expect(score([row('1', { ctr: 0.1, rpc: 3 })], scheme)[0]).toMatchObject({ score: 0.5, rank: 1 });
    const constant = score([row('1', { ctr: 0.1, rpc: 3 }), row('2', { ctr: 0.1, rpc: 3 })], scheme);
    expect(constant.map((r) => [r.score, r.rank])).toEqual([[0.5, 1], [0.5, 1]]);
    const allNull = [row('1', { ctr: 0.1, rpc: null }), row('2', { ctr: 0.2, rpc: null })];
    expect(score(allNull, { ...scheme, missing: 'worst' }).map((r) => r.score)).toEqual([0, 0.25]);
    expect(score(allNull, { ...scheme, missing: 'reweight' }).map((r) => r.score)).toEqual([0, 1]);
    const nulls = score(allNull, { ...scheme, missing: 'null' });
    expect(nulls.map((r) => [r.score, r.rank])).toEqual([[null, null], [null, null]]);
    const none = score([row('1', { ctr: null, rpc: null })], { ...scheme, missing: 'reweight' })[0]!;
    expect(none).toMatchObject({ score: null, rank: null, contributions: { ctr: 0, rpc: 0 } });
    for (const normalize of NORMALIZERS) {
      const s = score([row('1', { ctr: 5, rpc: null }), row('2', { ctr: 5, rpc: null })], { metrics: [{ metric: 'ctr', weight: 1, normalize }, { metric: 'rpc', weight: 1, normalize }] });
      for (const r of s) expect(Number.isFinite(r.score)).toBe(true);
    }
  });

  it('rejects schemes naming a field no row has, and accepts fields the rows have', () => {
    expectError(() => score([row('1', { ctr: 1 })], { metrics: [{ metric: 'engagement', weight: 1 }] }), 'INVALID_SCHEME', /unknown metric "engagement"/);
    expect(score([row('1', { engagement: 0.2 })], { metrics: [{ metric: 'engagement', weight: 1 }] })[0]!.score).toBe(0.5);
    expectError(() => score('rows' as never, scheme), 'INVALID_INPUT', /score requires an array of rows/);
    expectError(() => score([null as never], scheme), 'INVALID_INPUT', /row 0 is null/);
  });
});

// ---- properties ----

const value = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { nil: null, freq: 5 });
const schemeArb = fc.record({
  metrics: fc.uniqueArray(
    fc.record({
      metric: fc.constantFrom('ctr', 'rpc', 'atcRate', 'purchaseRate'),
      weight: fc.double({ min: 0.01, max: 10, noNaN: true }),
      normalize: fc.constantFrom(...NORMALIZERS),
      direction: fc.constantFrom('higher' as const, 'lower' as const),
    }),
    { minLength: 1, maxLength: 4, selector: (m) => m.metric },
  ),
  missing: fc.constantFrom('worst' as const, 'reweight' as const, 'null' as const),
});
const rowsArb = fc.array(fc.record({ ctr: value, rpc: value, atcRate: value, purchaseRate: value }), { minLength: 1, maxLength: 25 }).map((rs) =>
  rs.map((r, i) => ({ influencerId: String(i + 1), ...r })),
);

describe('score properties', () => {
  it('contributions sum to the score, and nothing is NaN', () => {
    fc.assert(
      fc.property(rowsArb, schemeArb, (rows, scheme) => {
        for (const r of score(rows, scheme)) {
          const parts = Object.values(r.contributions);
          expect(parts.length).toBe(scheme.metrics.length);
          for (const p of parts) expect(Number.isFinite(p)).toBe(true);
          if (r.score === null) continue;
          expect(Number.isFinite(r.score)).toBe(true);
          const sum = parts.reduce((s, p) => s + p, 0);
          expect(Math.abs(sum - r.score)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.score)));
        }
      }),
    );
  });

  it('an influencer at least as good on every scored metric never scores lower', () => {
    fc.assert(
      fc.property(rowsArb, schemeArb, fc.nat(), fc.nat(), (rows, scheme, i, j) => {
        const scored = score(rows, { ...scheme, missing: 'worst' });
        const a = rows[i % rows.length]!;
        const b = rows[j % rows.length]!;
        const better = (x: number | null, y: number | null, direction: string) =>
          y === null || (x !== null && (direction === 'higher' ? x >= y : x <= y));
        const dominates = scheme.metrics.every((m) => better(a[m.metric], b[m.metric], m.direction));
        const [sa, sb] = [scored[i % rows.length]!.score, scored[j % rows.length]!.score];
        // No value for any scored metric scores null; a dominated influencer then has none either.
        if (dominates && sa === null) expect(sb).toBeNull();
        else if (dominates && sb !== null) expect(sa!).toBeGreaterThanOrEqual(sb);
      }),
    );
  });

  it('scaling all revenue by a positive constant keeps the ranking under rank and minmax', () => {
    const lines = fc.array(
      fc.record({ clicks: fc.integer({ min: 1, max: 5000 }), revenue: fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100), ctr: fc.double({ min: 0, max: 0.1, noNaN: true }) }),
      { minLength: 2, maxLength: 30 },
    );
    fc.assert(
      fc.property(lines, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constantFrom<Normalizer>('rank', 'minmax'), (ls, c, normalize) => {
        const make = (k: number) => ls.map((l, i) => ({ influencerId: String(i + 1), ctr: l.ctr, revenue: l.revenue * k, rpc: (l.revenue * k) / l.clicks }));
        const scheme = { metrics: [{ metric: 'revenue', weight: 1, normalize }, { metric: 'rpc', weight: 2, normalize }, { metric: 'ctr', weight: 1, normalize }] };
        const before = score(make(1), scheme).map((r) => r.rank);
        const after = score(make(c), scheme).map((r) => r.rank);
        if (normalize === 'rank') expect(after).toEqual(before);
        else {
          // minmax: identical up to float rounding of the normalised values
          const sb = score(make(1), scheme).map((r) => r.score!);
          const sa = score(make(c), scheme).map((r) => r.score!);
          sa.forEach((s, i) => expect(s).toBeCloseTo(sb[i]!, 9));
          const robust = before.every((r, i) => r === after[i]) || sb.some((x, i) => sb.some((y, j) => i !== j && Math.abs(x - y) < 1e-9));
          expect(robust).toBe(true);
        }
      }),
    );
  });
});

// ---- the array kernels against the element-wise definitions ----

/** Percentile ranks as defined: sort, then each run of equal values gets its average position. */
function referenceRanks(values: readonly (number | null)[], direction: 'higher' | 'lower'): (number | null)[] {
  const order = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = order.length;
  const rankOf = new Map<number, number>();
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && order[j + 1] === order[i]) j++;
    rankOf.set(order[i]!, n > 1 ? (i + j) / 2 / (n - 1) : 0.5);
    i = j + 1;
  }
  return values.map((v) => (v === null ? null : direction === 'lower' ? 1 - rankOf.get(v)! : rankOf.get(v)!));
}

/** Competition ranks as defined: by score descending, ties by id, the first of a tie's rank shared. */
function referenceRankScores(ids: readonly string[], scores: readonly (number | null)[]): (number | null)[] {
  const idx = ids.map((_, i) => i).sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa === null || sb === null) return sa === sb ? compareIds(ids[a]!, ids[b]!) : sa === null ? 1 : -1;
    return sb - sa || compareIds(ids[a]!, ids[b]!);
  });
  const ranks: (number | null)[] = new Array(ids.length).fill(null);
  idx.forEach((i, pos) => {
    if (scores[i] === null) return;
    const prev = pos > 0 ? idx[pos - 1]! : -1;
    ranks[i] = prev >= 0 && scores[prev] === scores[i] ? ranks[prev]! : pos + 1;
  });
  return ranks;
}

// Few distinct values, so that ties (and -0 beside 0) are common.
const tied = fc.array(fc.option(fc.constantFrom(0, -0, 1, 2.5, -3, 1e-9, 7), { nil: null, freq: 4 }), { maxLength: 40 });

describe('array kernels', () => {
  it('rank normalisation is the average-position percentile rank, ties and -0 included', () => {
    fc.assert(
      fc.property(fc.oneof(tied, fc.array(value, { maxLength: 40 })), fc.constantFrom('higher' as const, 'lower' as const), (values, direction) => {
        expect(normalizeColumn(values, 'rank', direction)).toEqual(referenceRanks(values, direction));
      }),
      { numRuns: 300 },
    );
  });

  it('rankScores gives competition ranks: ties (-0 and 0 too) share the lowest, nulls get none', () => {
    const ids = fc.array(fc.oneof(fc.constantFrom('1', '2', '10', '007', '7', 'a', 'b'), fc.string({ maxLength: 3 })), { maxLength: 30 });
    fc.assert(
      fc.property(ids, fc.infiniteStream(fc.option(fc.constantFrom(0.5, 0.25, 1, 0, -0, 0.75, Infinity), { nil: null, freq: 4 })), (idList, stream) => {
        const scores = idList.map(() => stream.next().value as number | null);
        const rows = idList.map((influencerId) => ({ influencerId }));
        expect(rankScores(rows, scores)).toEqual(referenceRankScores(idList, scores));
      }),
      { numRuns: 300 },
    );
  });
});

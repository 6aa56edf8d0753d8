import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRankings, kendallTauB, spearman } from '../src/index.js';
import reference from './fixtures/rank-correlation.json' with { type: 'json' };
import { expectError } from './support/expect-error.js';

/** Tau-b by counting every pair: the definition, as an oracle for the O(n log n) version. */
function bruteTauB(x: number[], y: number[]): number | null {
  let concordant = 0;
  let discordant = 0;
  let tx = 0;
  let ty = 0;
  let n0 = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      n0++;
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0) tx++;
      if (dy === 0) ty++;
      if (dx * dy > 0) concordant++;
      if (dx * dy < 0) discordant++;
    }
  }
  const d = Math.sqrt((n0 - tx) * (n0 - ty));
  return d > 0 ? (concordant - discordant) / d : null;
}

describe('spearman and kendallTauB', () => {
  it.each(reference.cases)('match scipy: $name', ({ x, y, spearman: rho, kendallTauB: tau }) => {
    if (rho === null) expect(spearman(x, y)).toBeNull();
    else expect(spearman(x, y)!).toBeCloseTo(rho, 12);
    if (tau === null) expect(kendallTauB(x, y)).toBeNull();
    else expect(kendallTauB(x, y)!).toBeCloseTo(tau, 12);
  });

  it('tau-b equals the pair-counting definition (property)', () => {
    const values = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 2, maxLength: 40 });
    fc.assert(
      fc.property(values, (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const expected = bruteTauB(x, y);
        if (expected === null) expect(kendallTauB(x, y)).toBeNull();
        else expect(kendallTauB(x, y)!).toBeCloseTo(expected, 12);
      }),
    );
  });

  it('skip pairs with a missing value and give null below two pairs', () => {
    expect(spearman([1, null, 2, 3], [1, 5, 2, 3])).toBeCloseTo(1, 14);
    expect(kendallTauB([1, 2, 3, Number.NaN], [3, 2, 1, 0])).toBeCloseTo(-1, 14);
    expect(spearman([1], [1])).toBeNull();
    expect(kendallTauB([], [])).toBeNull();
  });

  it('reject arrays of different lengths', () => {
    expectError(() => spearman([1, 2], [1]), 'INVALID_INPUT', /spearman requires arrays of the same length, got 2 and 1/);
    expectError(() => kendallTauB('ab' as never, [1]), 'INVALID_INPUT', /kendallTauB requires two arrays of numbers/);
  });
});

describe('compareRankings', () => {
  const a = [
    { influencerId: '1', rank: 1 },
    { influencerId: '2', rank: 2 },
    { influencerId: '3', rank: 3 },
    { influencerId: '4', rank: 4 },
    { influencerId: '5', rank: null },
    { influencerId: 'x', rank: 5 },
  ];
  const b = [
    { influencerId: '4', rank: 1 },
    { influencerId: '2', rank: 2 },
    { influencerId: '1', rank: 3 },
    { influencerId: '3', rank: 3 },
    { influencerId: '5', rank: 5 },
    { influencerId: 'y', rank: 6 },
  ];

  it('matches rows by id and reports correlations, top-k overlap and moves', () => {
    const c = compareRankings(Object.freeze(a), Object.freeze(b), { k: 2 });
    expect(c.n).toBe(4);
    expect(c.spearman).toBeCloseTo(spearman([1, 2, 3, 4], [3, 2, 3, 1])!, 14);
    expect(c.kendallTauB).toBeCloseTo(kendallTauB([1, 2, 3, 4], [3, 2, 3, 1])!, 14);
    expect(c.topK).toEqual({ k: 2, overlap: 1, share: 0.5, a: ['1', '2'], b: ['4', '2'], onlyInA: ['1'], onlyInB: ['4'] });
    expect(c.moves[0]).toEqual({ influencerId: '4', rankA: 4, rankB: 1, change: 3 });
    expect(c.moves.map((m) => m.influencerId)).toEqual(['4', '1', '2', '3']);
    expect(c.onlyInA).toEqual(['x']);
    expect(c.onlyInB).toEqual(['5', 'y']);
  });

  it('defaults to the top 10 and agrees perfectly with itself', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ influencerId: String(i + 1), rank: i + 1 }));
    const c = compareRankings(rows, rows);
    expect(c.topK.k).toBe(10);
    expect(c.topK.overlap).toBe(10);
    expect(c.spearman).toBeCloseTo(1, 14);
    expect(c.kendallTauB).toBeCloseTo(1, 14);
    expect(c.moves.every((m) => m.change === 0)).toBe(true);
  });

  it('rejects malformed rankings and options', () => {
    expectError(() => compareRankings(a, b, { k: 0 }), 'INVALID_OPTIONS', /`k` must be an integer >= 1, got 0/);
    expectError(() => compareRankings(a, 'b' as never), 'INVALID_INPUT', /`b` is not an array/);
    expectError(() => compareRankings([...a, { influencerId: '1', rank: 9 }], b), 'INVALID_INPUT', /influencer "1" appears twice in `a`/);
    expectError(() => compareRankings([{ rank: 1 } as never], b), 'INVALID_INPUT', /`a\[0\]` has no string `influencerId`/);
    expectError(() => compareRankings([{ influencerId: '1', rank: Number.NaN }], b), 'INVALID_INPUT', /`a\[0\].rank` must be a finite number or null, got NaN/);
  });
});

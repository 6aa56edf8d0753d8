import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, segmentShare } from '../../src/index.js';
import { deepFreeze } from './helpers.js';

const labels = deepFreeze(['Low', 'Mid', 'High']);

describe('segmentShare', () => {
  it('counts per segment in label order, never alphabetical, keeping an empty segment', () => {
    const rows = deepFreeze([{ segment: 'High' }, { segment: 'Low' }, { segment: 'High' }, { segment: 'High' }]);
    expect(segmentShare(rows, labels)).toEqual([
      { segment: 'Low', count: 1, share: 0.25 },
      { segment: 'Mid', count: 0, share: 0 },
      { segment: 'High', count: 3, share: 0.75 },
    ]);
  });

  it('leaves out rows without a segment or with an unknown one', () => {
    const out = segmentShare([{ segment: null }, { segment: 'Top' }, { segment: 'Mid' }, {}], labels);
    expect(out.map((d) => d.count)).toEqual([0, 1, 0]);
    expect(out[1]!.share).toBe(1);
  });

  it('gives shares of 0, not NaN, when nothing is segmented', () => {
    expect(segmentShare([], labels)).toEqual(labels.map((segment) => ({ segment, count: 0, share: 0 })));
  });

  it('handles a single influencer', () => {
    expect(segmentShare([{ segment: 'Mid' }], labels).map((d) => d.share)).toEqual([0, 1, 0]);
  });

  it('shares sum to 1', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ segment: labels[i % 3]! }));
    const total = segmentShare(rows, labels).reduce((s, d) => s + d.share, 0);
    expect(total).toBeCloseTo(1, 15);
  });

  it('rejects duplicate or missing labels with a typed error', () => {
    expect(() => segmentShare([], ['Low', 'Low'])).toThrow(InvalidOptionsError);
    expect(() => segmentShare([], undefined as unknown as string[])).toThrow(/labels/);
  });
});

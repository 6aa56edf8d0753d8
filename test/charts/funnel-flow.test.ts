import { describe, expect, it } from 'vitest';
import { funnelFlow, InvalidInputError } from '../../src/index.js';
import { deepFreeze } from './helpers.js';

describe('funnelFlow', () => {
  it('sums the rows and gives conversion from the previous step and from the start, and the drop-off', () => {
    const out = funnelFlow(
      deepFreeze([
        { impressions: 600, clicks: 30, addToCart: 6, purchases: 3 },
        { impressions: 400, clicks: 20, addToCart: 4, purchases: 1 },
      ]),
    );
    expect(out).toEqual([
      { step: 'impressions', label: 'Impressions', count: 1000, fromPrevious: null, fromStart: 1, dropOff: null },
      { step: 'clicks', label: 'Clicks', count: 50, fromPrevious: 0.05, fromStart: 0.05, dropOff: 950 },
      { step: 'addToCart', label: 'Add to cart', count: 10, fromPrevious: 0.2, fromStart: 0.01, dropOff: 40 },
      { step: 'purchases', label: 'Purchases', count: 4, fromPrevious: 0.4, fromStart: 0.004, dropOff: 6 },
    ]);
  });

  it('gives null, never NaN, for zero denominators', () => {
    const out = funnelFlow([{ impressions: 0, clicks: 0, addToCart: 0, purchases: 0 }]);
    expect(out.map((d) => [d.fromPrevious, d.fromStart, d.dropOff])).toEqual([
      [null, null, null],
      [null, null, 0],
      [null, null, 0],
      [null, null, 0],
    ]);
    expect(funnelFlow([]).map((d) => d.count)).toEqual([0, 0, 0, 0]);
  });

  it('shows funnel anomalies as they are: conversion above 1 and a negative drop-off', () => {
    const out = funnelFlow([{ impressions: 10, clicks: 12, addToCart: 1, purchases: 1 }]);
    expect(out[1]).toMatchObject({ fromPrevious: 1.2, dropOff: -2 });
  });

  it('rejects counts that are not non-negative finite numbers', () => {
    expect(() => funnelFlow([{ impressions: 1, clicks: Number.NaN, addToCart: 0, purchases: 0 }])).toThrow(InvalidInputError);
    expect(() => funnelFlow([{ impressions: -1, clicks: 0, addToCart: 0, purchases: 0 }])).toThrow(/impressions = -1/);
  });
});

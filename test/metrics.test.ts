import { describe, expect, it } from 'vitest';
import { atcRate, cpa, cpc, cpm, ctr, funnelMetrics, overallConversion, purchaseRate, roas, rpc, rpi } from '../src/index.js';

const base = { impressions: 1000, clicks: 25, addToCart: 5, purchases: 2, revenue: 100, cost: 40 };
const zero = { impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: 0, cost: 0 };

describe('funnel metrics', () => {
  it.each([
    ['ctr', ctr, 0.025],
    ['atcRate', atcRate, 0.2],
    ['purchaseRate', purchaseRate, 0.4],
    ['overallConversion', overallConversion, 0.002],
    ['rpc', rpc, 4],
    ['rpi', rpi, 0.1],
    ['roas', roas, 2.5],
    ['cpa', cpa, 20],
    ['cpc', cpc, 1.6],
    ['cpm', cpm, 40],
  ] as const)('%s is the ratio of the totals', (_, fn, expected) => {
    expect(fn(base)).toBeCloseTo(expected, 15);
  });

  it.each([ctr, atcRate, purchaseRate, overallConversion, rpc, rpi, roas, cpa, cpc, cpm])('%o gives null on a zero denominator', (fn) => {
    expect(fn(zero)).toBeNull();
  });

  it('gives null, not a number, when conversions come without clicks', () => {
    const t = { impressions: 10, clicks: 0, addToCart: 3, purchases: 1, revenue: 50 };
    expect(atcRate(t)).toBeNull();
    expect(rpc(t)).toBeNull();
    expect(purchaseRate(t)).toBeCloseTo(1 / 3, 15);
  });

  it('gives null for money metrics when revenue or cost is missing', () => {
    const t = { impressions: 1000, clicks: 25, addToCart: 5, purchases: 2 };
    expect(rpc(t)).toBeNull();
    expect(rpi({ ...t, revenue: null })).toBeNull();
    expect(roas({ ...t, revenue: 10 })).toBeNull();
    expect(cpa(t)).toBeNull();
  });

  it('funnelMetrics returns every metric and never NaN', () => {
    const m = funnelMetrics(zero);
    expect(Object.keys(m)).toEqual(['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi', 'roas', 'cpa', 'cpc', 'cpm', 'engagementRate', 'cpe']);
    for (const v of Object.values(m)) expect(v).toBeNull();
    const full = funnelMetrics(base);
    expect(full.ctr).toBe(0.025);
    expect(full.cpm).toBe(40);
  });

  it('does not mutate its input', () => {
    const t = Object.freeze({ ...base });
    expect(() => funnelMetrics(t)).not.toThrow();
  });
});

import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { expectError } from './support/expect-error.js';
import { analyze, compareRankings, rankScores, parseEvents, parseEventsCSV, presets, summaryColumns, summaryCSV } from '../src/index.js';
import { DEFAULT_HEATMAP_METRICS, DEFAULT_PROFILE_METRICS, funnelFlow, metricHeatmap, segmentProfile, segmentShare, topN } from '../src/charts/index.js';

const sampleText = readFileSync(new URL('../examples/data/events.csv', import.meta.url), 'utf8');
const sample = parseEventsCSV(sampleText);

describe('the default preset on the bundled sample', () => {
  const report = analyze(sample);
  const classic = analyze(sample, { preset: 'classic' });

  it('keeps the three-click influencer with one big order out of the top 10 while it tops classic', () => {
    const lucky = report.influencers.find((i) => i.influencerId === '77')!;
    expect(lucky).toMatchObject({ clicks: 3, purchases: 1, revenue: 2499, rpc: 833 });
    expect(classic.influencers.find((i) => i.influencerId === '77')!.rank).toBe(1);
    expect(lucky.rank!).toBeGreaterThan(10);
    expect(report.influencers.slice(0, 10).map((i) => i.influencerId)).not.toContain('77');
    // its small samples are pulled toward the population: 1 purchase out of 1 add-to-cart is not 100%
    expect(lucky.purchaseRateShrunk!).toBeLessThan(0.3);
    expect(lucky.purchaseRateLow!).toBeLessThan(0.25);
    expect(lucky.rpcShrunk!).toBeLessThan(lucky.rpc! / 100);
  });

  it('scores the shrunk rates with percentile ranks and the classic weights', () => {
    expect(presets.default.scoring.metrics.map((m) => [m.metric, m.weight, m.normalize])).toEqual([
      ['overallConversionShrunk', 0.3, 'rank'],
      ['rpcShrunk', 0.3, 'rank'],
      ['ctrShrunk', 0.2, 'rank'],
      ['purchaseRateShrunk', 0.2, 'rank'],
    ]);
    const top = report.influencers[0]!;
    expect(Object.keys(top.contributions)).toEqual(['overallConversionShrunk', 'rpcShrunk', 'ctrShrunk', 'purchaseRateShrunk']);
    expect(report.influencers.map((i) => i.rank)).toEqual([...report.influencers.map((i) => i.rank)].sort((a, b) => a! - b!));
  });

  it('puts raw values, Wilson bounds and shrunk values side by side, and shows the priors', () => {
    for (const line of report.influencers) {
      for (const rate of ['ctr', 'atcRate', 'purchaseRate', 'overallConversion'] as const) {
        const raw = line[rate];
        if (raw === null || raw > 1) continue;
        expect(line[`${rate}Low`]!).toBeLessThanOrEqual(raw);
        expect(line[`${rate}High`]!).toBeGreaterThanOrEqual(raw);
        const prior = report.priors[rate].mean;
        expect(line[`${rate}Shrunk`]!).toBeGreaterThanOrEqual(Math.min(raw, prior) - 1e-15);
        expect(line[`${rate}Shrunk`]!).toBeLessThanOrEqual(Math.max(raw, prior) + 1e-15);
      }
    }
    for (const name of ['ctr', 'atcRate', 'purchaseRate', 'overallConversion', 'rpc', 'rpi'] as const) {
      expect(report.priors[name].strength).toBeGreaterThan(0);
      expect(report.priors[name].groups).toBe(100);
    }
    expect(report.priors.rpc.method).toBe('periods');
    expect(report.priors.confidence).toBe(0.95);
    expect(JSON.parse(JSON.stringify(report)).priors).toEqual(report.priors);
  });

  it('writes the summary columns: id and dimensions, sums, rates, shrunk rates, score, rank, segment', () => {
    const header = summaryCSV(report).split('\n')[0];
    expect(header).toBe(
      'influencer_id,category,follower_count,rows,impressions,clicks,add_to_cart,purchases,revenue,ctr,atc_rate,purchase_rate,overall_conv,rpc,rpi,' +
        'ctr_shrunk,atc_rate_shrunk,purchase_rate_shrunk,overall_conv_shrunk,rpc_shrunk,rpi_shrunk,score,rank,segment',
    );
    expect(report.segments).toEqual(['Low', 'Mid', 'High']);
  });

  it('adds cost metrics to the summary when the data has cost', () => {
    const withCost = analyze([
      { influencer_id: '1', impressions: 1000, clicks: 20, add_to_cart: 4, purchases: 1, revenue: 40, cost: 10 },
      { influencer_id: '2', impressions: 2000, clicks: 30, add_to_cart: 5, purchases: 2, revenue: 90, cost: 30 },
    ]);
    const keys = summaryColumns(withCost).map((c) => c.header);
    expect(keys.slice(keys.indexOf('rpi_shrunk') + 1)).toEqual(['cost', 'roas', 'cpa', 'cpc', 'cpm', 'score', 'rank', 'segment']);
  });

  it('differs from classic as the migration guide says', () => {
    const c = compareRankings(classic.influencers, report.influencers, { k: 10 });
    expect(c.n).toBe(100);
    expect(c.moves[0]!.influencerId).toBe('77');
  });
});

describe('analyze with a custom scheme', () => {
  it('scores with it, and rejects an invalid one with INVALID_SCHEME', () => {
    const report = analyze(sample, { scoring: { metrics: [{ metric: 'rpcShrunk', weight: 1 }] } });
    expect(Object.keys(report.influencers[0]!.contributions)).toEqual(['rpcShrunk']);
    expectError(() => analyze(sample, { scoring: { metrics: [{ metric: 'rpc', weight: -2 }] } }), 'INVALID_SCHEME', /metrics\.0\.weight: a weight cannot be negative/);
    expect(rankScores([{ influencerId: 'a' }, { influencerId: 'b' }, { influencerId: 'c' }], [0.5, 0.9, 0.5])).toEqual([2, 1, 2]);
  });
});

describe('the report charts', () => {
  it('are computed when analyze runs, medians per segment, and read like data by JSON, structuredClone and spreading', () => {
    const report = analyze(sample, { topN: 5 });
    expect(Object.keys(report)).toEqual(['preset', 'influencers', 'cuts', 'segments', 'priors', 'charts', 'input']);
    const charts = report.charts;
    expect(report.charts).toBe(charts);
    const labels = report.segments;
    expect(charts.topByRevenue).toEqual(topN(report.influencers, { metric: 'revenue', n: 5 }));
    expect(charts.segmentShare).toEqual(segmentShare(report.influencers, labels));
    expect(charts.funnelFlow).toEqual(funnelFlow(report.influencers));
    expect(charts.segmentProfile).toEqual(segmentProfile(report.influencers, { labels, metrics: [...DEFAULT_PROFILE_METRICS], statistic: 'median' }));
    expect(charts.heatmap).toEqual(metricHeatmap(report.influencers, { by: 'segment', order: labels, metrics: [...DEFAULT_HEATMAP_METRICS], statistic: 'median' }));
    expect(JSON.parse(JSON.stringify(report)).charts).toEqual(JSON.parse(JSON.stringify(charts)));
    expect(structuredClone(report).charts).toEqual(charts);
    expect({ ...report }.charts).toBe(charts);
  });

  it('check their options when analyze runs, not when they are read', () => {
    expectError(() => analyze(sample, { topN: -1 }), 'INVALID_OPTIONS', /topN/);
    expectError(() => analyze(sample, { topN: 2.5 }), 'INVALID_OPTIONS', /topN/);
    expectError(() => analyze(sample, { trendPeriod: 'year' as never }), 'INVALID_OPTIONS', /year/);
  });
});

describe('the classic preset', () => {
  it.each([
    ['examples/data/events.csv', 'classic-sample'],
    ['test/fixtures/classic-small.csv', 'classic-small'],
  ])('reproduces the pandas recipe on %s up to float rounding', (input, fixture) => {
    const text = readFileSync(new URL(`../${input}`, import.meta.url), 'utf8');
    const report = analyze(text, { preset: 'classic' });
    const got = summaryCSV(report).trimEnd().split(/\r?\n/).map((l) => l.split(','));
    const want = readFileSync(new URL(`./fixtures/${fixture}.expected.csv`, import.meta.url), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    expect(got.length).toBe(want.length);
    expect(got[0]).toEqual(want[0]);
    got.slice(1).forEach((cells, r) =>
      cells.forEach((cell, c) => {
        const expected = want[r + 1]![c]!;
        const x = Number(expected);
        if (expected === '' || Number.isNaN(x)) expect(cell).toBe(expected);
        else expect(Math.abs(Number(cell) - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
      }),
    );
    const cuts = JSON.parse(readFileSync(new URL(`./fixtures/${fixture}.cuts.json`, import.meta.url), 'utf8'));
    expect(report.cuts[0]).toBeCloseTo(cuts.q1, 12);
    expect(report.cuts[1]).toBeCloseTo(cuts.q2, 12);
  });
});

describe('order independence of the default preset', () => {
  const recordArb = fc.record({
    influencer_id: fc.constantFrom('1', '2', '3', '4', '5', '6', '10'),
    date: fc.constantFrom('2025-09-01', '2025-09-02', '2025-09-03'),
    impressions: fc.integer({ min: 0, max: 5000 }),
    clicks: fc.integer({ min: 0, max: 300 }),
    add_to_cart: fc.integer({ min: 0, max: 40 }),
    purchases: fc.integer({ min: 0, max: 10 }),
    revenue: fc.integer({ min: 0, max: 100_000 }).map((c) => (c / 100).toFixed(2)),
  });

  it('permuting input rows changes nothing', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 40 }), fc.infiniteStream(fc.nat()), (records, randoms) => {
        const shuffled = records.slice();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = randoms.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = analyze(parseEvents(records));
        const b = analyze(parseEvents(shuffled));
        expect(JSON.stringify(b.influencers)).toBe(JSON.stringify(a.influencers));
        expect(b.priors).toEqual(a.priors);
        expect(b.cuts).toEqual(a.cuts);
      }),
      { numRuns: 60 },
    );
  });

  it('shuffling the bundled sample changes no byte of the summary', () => {
    const lines = sampleText.trimEnd().split('\n');
    const body = lines.slice(1).reverse();
    const shuffledText = [lines[0], ...body.filter((_, i) => i % 2 === 0), ...body.filter((_, i) => i % 2 === 1)].join('\n') + '\n';
    const a = analyze(sample);
    const b = analyze(shuffledText);
    expect(summaryCSV(b)).toBe(summaryCSV(a));
    expect(JSON.stringify(b.priors)).toBe(JSON.stringify(a.priors));
  });
});

describe('the CLI with --preset default', () => {
  it('writes the default summary and the priors in the JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'if-default-'));
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['report', 'examples/data/events.csv', '--preset', 'default', '--out', join(dir, 's.csv'), '--json', join(dir, 'r.json'), '--quiet'], {
        stdout: { write: (c: string) => out.push(c) },
        stderr: { write: (c: string) => err.push(c) },
      });
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      const csv = readFileSync(join(dir, 's.csv'), 'utf8');
      expect(csv).toBe(summaryCSV(analyze(sample)));
      const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      expect(json.priors.rpc.strength).toBeGreaterThan(0);
      expect(json.influencers[0].ctrShrunk).toBeTypeOf('number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

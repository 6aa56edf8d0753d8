import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/aggregate/aggregate.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { parseEventsCSV } from '../../src/ingest/parse.js';
import { aggregateEventsCSV, readEventsCSV } from '../../src/node/index.js';
import { withRows } from '../helpers/rows.js';
import { csvCase } from '../helpers/csv-arbitrary.js';

const SAMPLE = 'examples/data/events.csv';

async function* chunksOf(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b)) {
    if (cut > at) {
      yield bytes.slice(at, cut);
      at = cut;
    }
  }
  if (at < bytes.length) yield bytes.slice(at);
}

/** Whatever parseEventsCSV + aggregate give (or throw) for the text. */
function expected(text: string, options: { by: readonly string[]; dateFormat?: string; columns?: Record<string, string> }) {
  try {
    const { by, ...ingest } = options;
    const parsed = withRows(parseEventsCSV(text, ingest));
    return { report: parsed.report, aggregate: aggregate(parsed.rows, { by }) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

async function streamed(bytes: Uint8Array, cuts: readonly number[], options: { by: readonly string[]; dateFormat?: string; columns?: Record<string, string> }) {
  try {
    const result = await aggregateEventsCSV(chunksOf(bytes, cuts), options);
    return { report: result.report, aggregate: result.aggregate };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('aggregateEventsCSV (streaming byte scanner)', () => {
  it('matches parseEventsCSV + aggregate exactly on random CSV, split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async ({ text, by, cuts }) => {
        const bytes = new TextEncoder().encode(text);
        const want = expected(text, { by });
        const got = await streamed(bytes, cuts, { by });
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('matches on the sample, with a mapping and a date format, one byte at a time', async () => {
    const text = readFileSync(SAMPLE, 'utf8')
      .replace(/^influencer_id/, 'creator')
      .replace(/(\d{4})-(\d{2})-(\d{2})/g, '$3/$2/$1');
    const bytes = new TextEncoder().encode(text.slice(0, 3000));
    const options = { by: ['date'], columns: { influencerId: 'creator' }, dateFormat: 'DD/MM/YYYY' };
    const cuts = Array.from({ length: 3000 }, (_, i) => i / 3000);
    expect(await streamed(bytes, cuts, options)).toEqual(expected(text.slice(0, 3000), options));
  });

  it('groups by date values, not bytes: " 7" and "7" or two spellings of one date are one group', async () => {
    const text = 'influencer_id,date,impressions,clicks,add_to_cart,purchases\n7,2025-09-01,10,1,0,0\n 7,2025-09-01,5,1,0,0\n7, 2025-09-01,1,0,0,0\n';
    const want = expected(text, { by: ['date'] });
    expect(await streamed(new TextEncoder().encode(text), [], { by: ['date'] })).toEqual(want);
  });

  it('keeps "007" and "7" apart', async () => {
    const text = 'influencer_id,impressions,clicks,add_to_cart,purchases\n007,100,5,1,1\n7,50,2,0,0\n7,50,3,1,0\n';
    const { aggregate: agg } = await aggregateEventsCSV(chunksOf(new TextEncoder().encode(text), []));
    expect(agg.groups.map((g) => [g.influencerId, g.impressions, g.clicks])).toEqual([
      ['007', 100, 5],
      ['7', 100, 5],
    ]);
  });

  it('reads a file path and gives analyze the same report as the row path', async () => {
    const rows = withRows(await readEventsCSV(SAMPLE));
    // Per-influencer totals with totals per influencer and period beside them: what the CLI reads.
    const withPeriods = await aggregateEventsCSV(SAMPLE, { workers: 1, periods: true });
    expect(withPeriods.aggregate.by).toEqual([]);
    // 30 days of data: the trend shows days, one cell per influencer and day.
    expect(withPeriods.periods!.unit).toBe('day');
    expect(withPeriods.periods!.influencer).toHaveLength(3000);
    expect([withPeriods.periods!.first, withPeriods.periods!.last]).toEqual([rows.rows[0]!.date, rows.rows.at(-1)!.date]);
    expect(analyze(withPeriods)).toEqual(analyze(rows));
    expect(analyze(withPeriods, { preset: 'classic' })).toEqual(analyze(rows, { preset: 'classic' }));
    const fromChunks = await aggregateEventsCSV(chunksOf(readFileSync(SAMPLE), [4096, 77]), { periods: true });
    expect(analyze(fromChunks)).toEqual(analyze(rows));
    await expect(aggregateEventsCSV(SAMPLE, { periods: true, by: ['platform'] })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    // A fixed unit: weeks give the weekly report; a day trend cannot come from weeks.
    const weekly = await aggregateEventsCSV(SAMPLE, { workers: 1, periods: 'week' });
    expect(weekly.periods!.unit).toBe('week');
    expect(analyze(weekly, { trendPeriod: 'week' })).toEqual(analyze(rows, { trendPeriod: 'week' }));
    expect(() => analyze(weekly, { trendPeriod: 'day' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    const daily = await aggregateEventsCSV(SAMPLE, { workers: 1, periods: 'day' });
    expect(analyze(daily, { trendPeriod: 'month' })).toEqual(analyze(rows, { trendPeriod: 'month' }));
    await expect(aggregateEventsCSV(SAMPLE, { periods: 'hour' as never })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    const byDate = await aggregateEventsCSV(SAMPLE, { workers: 1, by: ['date'] });
    expect(analyze(byDate)).toEqual(analyze(rows));
    expect(analyze(byDate, { preset: 'classic' })).toEqual(analyze(rows, { preset: 'classic' }));
    // Per influencer only: the money noise travels in the aggregate's state, so everything but the trend is the same.
    const events = await aggregateEventsCSV(SAMPLE, { workers: 1 });
    for (const preset of ['default', 'classic'] as const) {
      const plain = analyze(events, { preset });
      const full = analyze(rows, { preset });
      expect(plain.charts.trend).toEqual([]);
      expect(full.charts.trend.length).toBeGreaterThan(0);
      expect({ ...plain, charts: { ...plain.charts, trend: full.charts.trend } }).toEqual(full);
    }
    // Without per-row rates (what the default preset needs), the default report is the same; classic refuses.
    const lean = await aggregateEventsCSV(SAMPLE, { workers: 1, by: ['date'], rowRates: false });
    expect(analyze(lean)).toEqual(analyze(rows));
    expect(() => analyze(lean, { preset: 'classic' })).toThrow(/rowRates/);
  });

  it('reports progress, honours strict, and refuses bad options and unreadable files', async () => {
    const seen: number[] = [];
    await aggregateEventsCSV(SAMPLE, { workers: 1, onProgress: (p) => seen.push(p.bytes) });
    expect(seen.at(-1)).toBe(readFileSync(SAMPLE).length);
    const bad = 'influencer_id,impressions,clicks,add_to_cart,purchases\na,1,1,1,x\n';
    await expect(aggregateEventsCSV(chunksOf(new TextEncoder().encode(bad), []), { strict: true })).rejects.toMatchObject({ code: 'STRICT_REJECTED' });
    await expect(aggregateEventsCSV(SAMPLE, { workers: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(aggregateEventsCSV(SAMPLE, { by: ['clicks'] })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(aggregateEventsCSV('does/not/exist.csv')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('aggregateEventsCSV with worker threads', () => {
  let dir = '';
  let workerURL = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'if-scan-'));
    const outfile = join(dir, 'scan-worker.mjs');
    await build({ entryPoints: ['src/node/scan-worker.ts'], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent', external: ['zod', 'd3-array'] });
    workerURL = pathToFileURL(outfile).href;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits a file at line boundaries and merges to exactly the one-thread result', async () => {
    const sample = readFileSync(SAMPLE, 'utf8');
    const path = join(dir, 'events.csv');
    writeFileSync(path, sample);
    const one = await aggregateEventsCSV(path, { workers: 1, by: ['date'] });
    const onePeriods = analyze(await aggregateEventsCSV(path, { workers: 1, periods: true }));
    for (const workers of [2, 3]) {
      expect(analyze(await aggregateEventsCSV(path, { workers, workerURL, periods: true }))).toEqual(onePeriods);
    }
    for (const workers of [2, 3, 7]) {
      expect(await aggregateEventsCSV(path, { workers, workerURL, by: ['date'] })).toEqual(one);
    }
  });

  it('names the line and byte of the whole file when a worker meets bytes that are not UTF-8, or a semicolon file', async () => {
    const sample = readFileSync(SAMPLE);
    const lines = sample.toString('utf8').trimEnd().split('\n');
    // A Latin-1 'é' in the last third of the file, in a column only checked by the streaming reader.
    const at = Math.floor(lines.length * 0.8);
    const before = Buffer.from(lines.slice(0, at).join('\n') + '\n');
    const bad = Buffer.concat([before, Buffer.from(lines[at]!.replace(/,Conversion,|,Engagement,|,Awareness,/, ',caf')), Buffer.from([0xe9]), Buffer.from(',x\n'), Buffer.from(lines.slice(at + 1).join('\n') + '\n')]);
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, bad);
    const want = (() => {
      try {
        parseEventsCSV(bad);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(want).toMatch(/^Line \d+: the bytes at offset \d+ are not valid UTF-8/);
    for (const workers of [1, 2, 3]) await expect(aggregateEventsCSV(path, { workers, workerURL })).rejects.toThrow(want);
    const semicolons = join(dir, 'semicolons.csv');
    writeFileSync(semicolons, sample.toString('utf8').replace(/,/g, ';'));
    const one = await aggregateEventsCSV(path.replace('latin1', 'semicolons'), { workers: 1 });
    expect(one.report.used).toBe(3000);
    expect(await aggregateEventsCSV(semicolons, { workers: 3, workerURL })).toEqual(one);
  });

  it('merges period totals of parts that saw shorter spans (days, weeks) into the whole span\'s unit', async () => {
    // Date-ordered files split in three: each part sees a third of the span, so parts hold finer cells than the whole.
    const lines = (days: number, shuffle: boolean): string => {
      const out: string[] = [];
      let seed = days;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let day = 0; day < days; day++) {
        const date = new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        for (let id = 1; id <= 6; id++) {
          if (next() < 0.3) continue;
          const impressions = Math.floor(next() * 2000);
          const clicks = Math.floor(impressions * next() * 0.05);
          const purchases = Math.floor(clicks * next() * 0.2);
          out.push(`${id},${date},${impressions},${clicks},${purchases},${purchases},${(purchases * 37.13).toFixed(2)},${(next() * 20).toFixed(2)}`);
        }
      }
      if (shuffle) out.sort(() => next() - 0.5);
      return `influencer_id,date,impressions,clicks,add_to_cart,purchases,revenue,cost\n${out.join('\n')}\n`;
    };
    for (const [days, shuffle, unit] of [[300, false, 'week'], [900, false, 'month'], [900, true, 'month'], [100, false, 'day']] as const) {
      const path = join(dir, `span-${days}-${shuffle}.csv`);
      writeFileSync(path, lines(days, shuffle));
      const rows = analyze(withRows(await readEventsCSV(path)));
      const split = await aggregateEventsCSV(path, { workers: 3, workerURL, periods: true });
      expect(split.periods!.unit).toBe(unit);
      expect(analyze(split)).toEqual(rows);
      expect(rows.charts.trend[0]!.unit).toBe(unit);
    }
  });

  it('resynchronises when a quoted line break or a bad row sits at a split point', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, fc.integer({ min: 2, max: 4 }), async ({ text }, workers) => {
        // Quoted cells holding line breaks in many rows make split points fall inside them.
        const body = text.split('\n');
        const withBreaks = [body[0], ...body.slice(1).map((line, i) => (i % 3 === 0 && line ? `${line.replace(/,([^,]*)$/, ',"$1\n$1"')}` : line))].join('\n');
        const path = join(dir, `case-${workers}.csv`);
        writeFileSync(path, withBreaks);
        const want = expected(withBreaks, { by: [] });
        let got;
        try {
          const r = await aggregateEventsCSV(path, { workers, workerURL });
          got = { report: r.report, aggregate: r.aggregate };
        } catch (error) {
          got = { error: `${(error as Error).name}: ${(error as Error).message}` };
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});

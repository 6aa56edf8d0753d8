// Nothing lost, nothing silent: no usable row is an error, no data scores null, near-duplicate ids
// are reported (merged only on request), options that mean nothing are refused, unreadable records
// are typed errors, and messages read as sentences with values cut and escaped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateEventsCSV,
  analyze,
  InfluencerFunnelError,
  InvalidInputError,
  InvalidOptionsError,
  MissingColumnError,
  parseEvents,
  parseEventsCSV,
  score,
  segment,
  summaryCSV,
} from '../src/index.js';
import { NoUsableRowError } from '../src/contract/errors.js';
import { readEventsCSV } from '../src/node/index.js';
import { ensureBuilt, runBuilt } from './cli/built-cli.js';

const HEADER = 'influencer_id,impressions,clicks,add_to_cart,purchases';

function caught(run: () => unknown): InfluencerFunnelError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InfluencerFunnelError);
    return error as InfluencerFunnelError;
  }
  throw new Error('expected an error');
}

/** 3,000 rows dated `DD/MM/YYYY`, read as ISO by default. */
const slashDates = (() => {
  const lines = [`${HEADER},revenue,date`];
  for (let i = 0; i < 3000; i++) lines.push(`i${i % 40},${100 + i},${i % 9},${i % 4},${i % 2},${i % 7}.5,${String(1 + (i % 28)).padStart(2, '0')}/08/2025`);
  return `${lines.join('\n')}\n`;
})();

describe('no usable row', () => {
  it('is a NoUsableRowError naming the main reasons with counts and a hint, carrying the report', () => {
    const error = caught(() => analyze(slashDates)) as NoUsableRowError;
    expect(error).toBeInstanceOf(NoUsableRowError);
    expect(error.code).toBe('NO_USABLE_ROW');
    expect(error.message).toContain('all 3000 rows read were rejected (3000 invalid date)');
    expect(error.message).toContain('check dateFormat (CLI: --date-format)');
    expect(error.message).toContain('First rejection: line 2, column "date": "01/08/2025" is not a valid date');
    expect((error.report as { rejected: number }).rejected).toBe(3000);
    expect(error.details.report).toBe(error.report);
    // The right format reads them all.
    expect(analyze(slashDates, { dateFormat: 'DD/MM/YYYY' }).input.used).toBe(3000);
  });

  it('is the same error from records, events, and the streaming reader', async () => {
    expect(caught(() => analyze([{ influencer_id: 'a', impressions: -1, clicks: 0, add_to_cart: 0, purchases: 0 }])).message).toMatch(
      /^No usable row: the 1 row read was rejected \(1 negative\)\. Hint: /,
    );
    expect(caught(() => analyze(parseEventsCSV(slashDates))).code).toBe('NO_USABLE_ROW');
    expect(caught(() => analyze(new Blob([slashDates]) as never)).code).toBe('INVALID_INPUT');
    const streamed = await aggregateEventsCSV(slashDates);
    expect(caught(() => analyze(streamed)).message).toBe(caught(() => analyze(slashDates)).message);
  });

  it('names up to three reasons, most frequent first', () => {
    const text = `${HEADER}\na,x,0,0,0\nb,x,0,0,0\nc,-1,0,0,0\nd,1.5,0,0,0\n,1,0,0,0\n`;
    const message = caught(() => analyze(text)).message;
    expect(message).toContain('(2 not a number, 1 missing id, 1 negative, 1 other)');
    expect(message).toContain('Hint: check the delimiter (CLI: --delimiter)');
  });

  it('is not a header-only input: that is an empty report, as is an empty array', () => {
    const report = analyze(`${HEADER}\n`);
    expect(report.input.rows).toBe(0);
    expect(report.influencers).toEqual([]);
    expect(summaryCSV(report).split('\n').filter(Boolean)).toHaveLength(1);
    expect(analyze([]).influencers).toEqual([]);
  });
});

describe('no data, no score', () => {
  const zeros = `${HEADER}\na,0,0,0,0\nb,0,0,0,0\nc,0,0,0,0\n`;

  it('gives an influencer with no value for any scheme metric a null score, rank and segment', () => {
    for (const preset of ['default', 'classic'] as const) {
      const report = analyze(zeros, { preset });
      for (const line of report.influencers) {
        expect([line.score, line.rank, line.segment]).toEqual([null, null, null]);
      }
      expect(report.cuts).toEqual([]);
    }
    const scored = score([{ influencerId: 'a', ctr: null }, { influencerId: 'b', ctr: null }], { metrics: [{ metric: 'ctr', weight: 1 }], missing: 'worst' });
    expect(scored.map((r) => [r.score, r.rank])).toEqual([[null, null], [null, null]]);
  });

  it('still scores an influencer with some data under the worst policy, and ranks the others after', () => {
    const report = analyze(`${HEADER},revenue\na,100,10,2,1,30\nb,0,0,0,0,\nc,200,10,3,1,20\nd,300,30,6,2,60\n`);
    const byId = Object.fromEntries(report.influencers.map((l) => [l.influencerId, l]));
    expect(byId.b!.score).toBeNull();
    expect(byId.b!.segment).toBeNull();
    expect(report.influencers.at(-1)!.influencerId).toBe('b');
    expect(byId.a!.score).not.toBeNull();
  });

  it('puts fewer scored influencers than segments in the middle segment, uncut', () => {
    const one = analyze(`${HEADER}\na,100,10,2,1\n`);
    expect(one.influencers.map((l) => l.segment)).toEqual(['Mid']);
    expect(one.cuts).toEqual([]);
    const two = analyze(`${HEADER}\na,100,10,2,1\nb,100,1,0,0\n`);
    expect(two.influencers.map((l) => l.segment)).toEqual(['Mid', 'Mid']);
    expect(two.influencers.map((l) => l.rank)).toEqual([1, 2]);
    expect(two.charts.segmentShare.map((d) => [d.segment, d.count])).toEqual([['Low', 0], ['Mid', 2], ['High', 0]]);
    // As many as segments: cut at the quantiles as before.
    const three = analyze(`${HEADER}\na,100,10,2,1\nb,100,1,0,0\nc,100,5,1,0\n`);
    expect(new Set(three.influencers.map((l) => l.segment))).toEqual(new Set(['Low', 'Mid', 'High']));
    // The same rule in segment(); thresholds are absolute and cut any number of values.
    expect(segment([{ v: 1 }, { v: 2 }], { by: 'v' }).rows.map((r) => r.segment)).toEqual(['Mid', 'Mid']);
    expect(segment([{ v: 1 }, { v: 5 }], { by: 'v', probabilities: [0.5], labels: ['Low', 'High'] }).rows.map((r) => r.segment)).toEqual(['Low', 'High']);
    expect(segment([{ v: 1 }], { by: 'v', probabilities: [0.5] }).rows.map((r) => r.segment)).toEqual(['Low']);
    expect(segment([{ v: 1 }, { v: 5 }], { by: 'v', thresholds: [2, 4] }).rows.map((r) => r.segment)).toEqual(['Low', 'High']);
  });
});

describe('near-duplicate ids', () => {
  const nfc = 'Jos\u00e9';
  const nfd = 'Jose\u0301';
  const text = `${HEADER}\nAna,100,5,1,1\nana ,100,5,1,0\nAna,50,1,0,0\n${nfc},10,1,0,0\n${nfd},10,1,0,0\nBen,10,1,0,0\n`;
  const expected = [
    { ids: ['Ana', 'ana '], rows: [2, 1] },
    { ids: [nfd, nfc].sort((a, b) => (a < b ? -1 : 1)), rows: [1, 1] },
  ];

  it('are reported by analyze, not merged, alike for every reader', async () => {
    const parsed = parseEventsCSV(text);
    expect(parsed.events.influencerId.values).toHaveLength(5);
    const report = analyze(text);
    expect(report.influencers).toHaveLength(5);
    expect(report.input.nearDuplicateIdGroups).toBe(2);
    expect(report.input.nearDuplicateIds!.find((g) => g.ids.includes('Ana'))).toEqual(expected[0]);
    expect(report.input.nearDuplicateIds!.find((g) => g.ids.includes(nfc))!.rows).toEqual([1, 1]);
    const records = analyze(parsed.events.influencerId.values.map((id) => ({ influencer_id: id, impressions: 1, clicks: 0, add_to_cart: 0, purchases: 0 })));
    expect(records.input.nearDuplicateIdGroups).toBe(2);
    expect(analyze(parsed).input).toEqual(report.input);
    expect(analyze(await aggregateEventsCSV(text)).input).toEqual(report.input);
    const dir = mkdtempSync(join(tmpdir(), 'near-dup-'));
    writeFileSync(join(dir, 'e.csv'), text);
    expect(analyze(await readEventsCSV(join(dir, 'e.csv'))).input).toEqual(report.input);
  });

  it('are merged on request, before they become influencers, the same from every input', async () => {
    const all = { idNormalization: ['trim', 'nfc', 'case'] as const };
    const merged = analyze(text, all);
    expect(merged.influencers.map((l) => l.influencerId).sort()).toEqual(['ana', 'ben', 'jos\u00e9']);
    expect(merged.influencers.find((l) => l.influencerId === 'ana')!.rows).toBe(3);
    expect(merged.input.nearDuplicateIds).toEqual([]);
    expect(parseEventsCSV(text, all).events.influencerId.values).toEqual(['ana', 'jos\u00e9', 'ben']);
    expect(analyze(parseEventsCSV(text), all)).toEqual(merged);
    expect(analyze(await aggregateEventsCSV(text, { periods: true }), all).influencers).toEqual(merged.influencers);
    // Partly: what stays apart is still reported.
    const trimmed = analyze(text, { idNormalization: ['trim'] });
    expect(trimmed.influencers.map((l) => l.influencerId)).toContain('ana');
    expect(trimmed.input.nearDuplicateIds!.find((g) => g.ids.includes('Ana'))).toEqual({ ids: ['Ana', 'ana'], rows: [2, 1] });
    const nfcOnly = analyze(text, { idNormalization: ['nfc'] });
    expect(nfcOnly.influencers).toHaveLength(4);
    expect(nfcOnly.input.nearDuplicateIds!.map((g) => g.ids)).toEqual([['Ana', 'ana ']]);
  });

  it('keep a few dozen groups and count them all', () => {
    const lines = [HEADER];
    for (let i = 0; i < 80; i++) lines.push(`id${i},1,0,0,0`, `ID${i},1,0,0,0`);
    const report = analyze(lines.join('\n')).input;
    expect(report.nearDuplicateIds).toHaveLength(50);
    expect(report.nearDuplicateIdGroups).toBe(80);
  });

  it('are refused as an option of the streaming readers, which keep ids as read', async () => {
    await expect(aggregateEventsCSV(text, { idNormalization: ['case'] })).rejects.toThrow(/pass `idNormalization` to analyze/);
    expect(caught(() => parseEventsCSV(text, { idNormalization: ['case', 'case'] })).code).toBe('INVALID_OPTIONS');
    expect(caught(() => parseEventsCSV(text, { idNormalization: ['upper' as never] })).code).toBe('INVALID_OPTIONS');
  });
});

describe('options that mean nothing', () => {
  it('refuses dateFormat when the input has no date column', () => {
    const error = caught(() => parseEventsCSV(`${HEADER}\na,1,0,0,0\n`, { dateFormat: 'DD-MM-YYYY' }));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error.message).toContain('`dateFormat` ("DD-MM-YYYY") is given but the input has no date column');
    expect((error as InvalidOptionsError).issues[0]!.path).toBe('dateFormat');
    expect(caught(() => parseEvents([{ influencer_id: 'a', impressions: 1, clicks: 0, add_to_cart: 0, purchases: 0 }], { dateFormat: 'M/D/YY' })).code).toBe('INVALID_OPTIONS');
    expect(caught(() => analyze(`${HEADER}\na,1,0,0,0\n`, { dateFormat: 'DD-MM-YYYY' })).code).toBe('INVALID_OPTIONS');
    expect(parseEventsCSV(`${HEADER},date\na,1,0,0,0,31-12-2025\n`, { dateFormat: 'DD-MM-YYYY' }).report.used).toBe(1);
  });

  it('refuses unknown analyze options, naming the key, and read options for events already read', () => {
    const error = caught(() => analyze(`${HEADER}\na,1,0,0,0\n`, { presets: 'classic' } as never));
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error.message).toContain('unknown option `presets`');
    expect(caught(() => analyze(`${HEADER}\na,1,0,0,0\n`, { dateformat: 'DD-MM-YYYY' } as never)).message).toContain('`dateformat`');
    expect(caught(() => analyze(`${HEADER}\na,1,0,0,0\n`, null as never)).code).toBe('INVALID_OPTIONS');
    expect(caught(() => analyze(parseEventsCSV(`${HEADER}\na,1,0,0,0\n`), { columns: { clicks: 'c' } })).message).toContain('`columns` applies when analyze reads CSV text or records');
    expect(caught(() => analyze(`${HEADER}\na,1,0,0,0\n`, { encoding: 'ebcdic' as never })).code).toBe('INVALID_OPTIONS');
    // strict on events already read checks their report.
    expect(caught(() => analyze(parseEventsCSV(`${HEADER}\na,1,0,0,0\nb,-1,0,0,0\n`), { strict: true })).code).toBe('STRICT_REJECTED');
  });
});

describe('unreadable records', () => {
  it('gives a typed error naming the record and the key for a throwing getter', () => {
    const record = {
      influencer_id: 'a',
      get impressions(): number {
        throw new Error('x');
      },
      clicks: 0,
      add_to_cart: 0,
      purchases: 0,
    };
    const error = caught(() => parseEvents([{ influencer_id: 'b', impressions: 1, clicks: 0, add_to_cart: 0, purchases: 0 }, record]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('Record 2: reading "impressions" threw (x); records must be plain data (no throwing getters or proxies).');
    expect(caught(() => analyze([record])).code).toBe('INVALID_INPUT');
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); } });
    expect(caught(() => parseEvents([proxy])).message).toMatch(/^Record 1: reading its keys threw \(no keys\)/);
  });
});

describe('messages', () => {
  const one = (cell: string, column = 'clicks') => {
    const header = HEADER.split(',');
    const values = ['a', '10', '1', '0', '0'];
    if (!header.includes(column)) header.push(column), values.push(cell);
    else values[header.indexOf(column)] = cell;
    return parseEventsCSV(`${header.join(',')}\n${values.join(',')}\n`).report.errors[0]!;
  };

  it('reads every reason as a sentence after the value', () => {
    expect(one('1.5').message).toBe('line 2, column "clicks": "1.5" is not a whole number, and a count must be one');
    expect(one('9007199254740993', 'revenue').message).toBe('line 2, column "revenue": "9007199254740993" is too large to be summed exactly (above 9007199254740991, 2^53 - 1)');
    expect(parseEvents([{ influencer_id: 'a', impressions: 1, clicks: 0, add_to_cart: 0, purchases: 0, revenue: 2 ** 60 }]).report.errors[0]!.message).toContain(
      'is too large to be summed exactly',
    );
  });

  it('shows an Invalid Date as Invalid Date', () => {
    const { report } = parseEvents([{ influencer_id: 'a', impressions: 1, clicks: 0, add_to_cart: 0, purchases: 0, date: new Date(NaN) }]);
    expect(report.errors[0]!.value).toBe('Invalid Date');
    expect(report.errors[0]!.message).toBe('record 1, column "date": "Invalid Date" is not a valid date in the expected format');
  });

  it('calls an absent mapped optional column mapped, and a required one required', () => {
    const error = caught(() => parseEventsCSV(`${HEADER}\n`, { columns: { cost: 'spend' } })) as MissingColumnError;
    expect(error.message).toMatch(/^Missing mapped column "spend"\. Columns found: /);
    expect(error.missing).toEqual(['spend']);
    const both = caught(() => parseEventsCSV('influencer_id,impressions,clicks,add_to_cart\n', { columns: { cost: 'spend' } }));
    expect(both.message).toMatch(/^Missing required column "purchases"\. Missing mapped column "spend"\. /);
  });

  it('cuts values to a few hundred characters and escapes control characters', () => {
    const huge = 'h'.repeat(50e6);
    const error = caught(() => parseEventsCSV(`influencer_id,${huge},a\u0000b\n`));
    expect(error.code).toBe('MISSING_COLUMN');
    expect(error.message.length).toBeLessThan(3000);
    expect(error.message).toContain('"a\\u0000b"');
    expect(error.message).not.toContain('\u0000');
    const dup = caught(() => parseEventsCSV(`influencer_id,impressions,clicks,add_to_cart,purchases,x\u0007${'y'.repeat(1e5)},X\u0007${'y'.repeat(1e5)}\n`));
    expect(dup.code).toBe('DUPLICATE_COLUMN');
    expect(dup.message.length).toBeLessThan(3000);
    expect(dup.message).toContain('\\u0007');
    const sample = one(`1\u0001${'9'.repeat(1000)}`);
    expect(sample.value).toMatch(/^1\\u00019+…$/);
    expect(sample.value.length).toBeLessThanOrEqual(201);
    expect(sample.message).toContain('"1\\u00019');
    expect(sample.message.length).toBeLessThan(200);
    const c1 = one('\u009b31m');
    expect(c1.value).toBe('\\u009b31m');
    expect(c1.message).not.toMatch(/[\u0080-\u009f]/);
  });
});

describe('the built CLI', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'nothing-silent-'));
    writeFileSync(join(dir, 'slash.csv'), slashDates);
    writeFileSync(join(dir, 'header.csv'), `${HEADER}\n`);
    writeFileSync(join(dir, 'near.csv'), `${HEADER}\nAna,100,5,1,1\nana ,100,5,1,0\nBen,10,1,0,0\n`);
  }, 240_000);

  it('exits 1 with one line when no row is usable', async () => {
    const run = await runBuilt(['report', join(dir, 'slash.csv'), '--out', join(dir, 'out.csv')]);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^influencer-funnel: No usable row: all 3000 rows read were rejected \(3000 invalid date\)\. Hint: check dateFormat \(CLI: --date-format\)\./);
    const fixed = await runBuilt(['report', join(dir, 'slash.csv'), '--date-format', 'DD/MM/YYYY', '--quiet']);
    expect(fixed.code).toBe(0);
  });

  it('exits 0 with an empty summary for a header-only input', async () => {
    const run = await runBuilt(['report', join(dir, 'header.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('names near-duplicate ids on stderr', async () => {
    const run = await runBuilt(['report', join(dir, 'near.csv')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('1 group of ids differs only by case, spaces or Unicode form, kept apart: "Ana" (1 row) and "ana " (1 row).');
  });
});

describe('counts beyond 2^53', () => {
  it('are an error naming the influencer and the field, never a rounded total', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const csv = `influencer_id,impressions,clicks,add_to_cart,purchases\nana,${max},1,0,0\nana,2,1,0,0\nben,5,1,0,0\n`;
    let error: unknown;
    try {
      analyze(parseEventsCSV(csv));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^The impressions of influencer "ana" add up to more than 9007199254740991/);
    expect((error as InvalidInputError).details).toMatchObject({ influencerId: 'ana', field: 'impressions' });
    // At the limit itself the total is exact.
    expect(analyze(parseEventsCSV(`influencer_id,impressions,clicks,add_to_cart,purchases\nana,${max - 2},1,0,0\nana,2,1,0,0\n`)).influencers[0]!.impressions).toBe(max);
  });
});

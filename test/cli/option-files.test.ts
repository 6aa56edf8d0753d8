/**
 * Options that name files or quote names, through the built binary: --scheme (a scoring scheme as
 * JSON), --map-file (field -> column as JSON), and --map with quoted column names.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { parseEventsCSV } from '../../src/ingest/parse.js';
import type { ScoringSchemeInput } from '../../src/scoring/scoring.js';
import { summaryCSV } from '../../src/pipeline/summary.js';
import { ensureBuilt, runBuilt, SAMPLE, STACK_FRAME } from './built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'if-cli-files-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const text = readFileSync(SAMPLE, 'utf8');

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 1, one line on stderr (no usage, no stack), nothing on stdout. */
function oneLine(run: { code: number | null; stdout: string; stderr: string }): string {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  return run.stderr.trim();
}

describe('--scheme file.json', () => {
  const scheme: ScoringSchemeInput = { metrics: [{ metric: 'rpcShrunk', weight: 2 }, { metric: 'ctrShrunk', weight: 1, normalize: 'minmax' }], missing: 'reweight' };

  it('scores with the scheme: the summary analyze gives with it', async () => {
    const path = file('scheme.json', `\uFEFF${JSON.stringify(scheme, null, 2)}\n`);
    const run = await runBuilt(['report', SAMPLE, '--scheme', path, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(summaryCSV(analyze(parseEventsCSV(text), { scoring: scheme })));
    expect(run.stdout).not.toBe((await runBuilt(['report', SAMPLE, '--quiet'])).stdout);
  });

  it('names the file and the path inside it for a bad metric, before reading the input', async () => {
    const bad = file('bad-weight.json', JSON.stringify({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'rpc', weight: 'heavy' }] }));
    expect(oneLine(await runBuilt(['report', '/nonexistent.csv', '--scheme', bad]))).toBe(
      `influencer-funnel: ${bad}: metrics[1].weight: a weight must be a finite number >= 0 (got "heavy").`,
    );
    const unknown = file('unknown.json', JSON.stringify({ metrics: [{ metric: 'ctr', weight: 1 }, { metric: 'likes', weight: 1 }] }));
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', unknown]))).toMatch(/unknown\.json: metrics\[1\]\.metric: unknown metric "likes": use one of /);
    const key = file('key.json', JSON.stringify({ metrics: [{ metric: 'ctr', weight: 1, normalise: 'rank' }] }));
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', key]))).toContain('key.json: metrics[0]: unknown key "normalise"');
    const root = file('root.json', '[]');
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', root]))).toContain('root.json: a scheme must be an object { metrics, missing }');
  });

  it('names the file, line and column for bad JSON, and says when it cannot be read', async () => {
    const broken = file('broken.json', '{\n  "metrics": [\n    {"metric": "ctr", "weight": 1},\n  ]\n}');
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', broken]))).toMatch(/broken\.json: not valid JSON at line 4, column 3: Unexpected token ']'\.$/);
    const comma = file('comma.json', '{"metrics": [{"metric": "ctr", "weight": 1}],}');
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', comma]))).toMatch(/comma\.json: not valid JSON at line 1, column 46: Expected double-quoted property name\.$/);
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', file('empty.json', '')]))).toContain('empty.json: not valid JSON: the file is empty');
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', join(dir, 'missing.json')]))).toContain('--scheme: cannot read');
  });

  it('is an input: an output over it is refused', async () => {
    const path = file('kept.json', JSON.stringify(scheme));
    expect(oneLine(await runBuilt(['report', SAMPLE, '--scheme', path, '--json', path]))).toContain('is the same file as --scheme');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(scheme);
  });
});

describe('--map-file and quoted --map names', () => {
  const header = 'Creator,Day,Views,Taps,Carts,Orders,"Spend, USD",Sales\n';
  const rows = 'ana,2025-09-01,1000,40,8,2,50,80\nben,2025-09-01,900,30,3,1,45,30\nana,2025-09-02,500,10,2,1,20,40\n';
  const ads = file('ads.csv', header + rows);
  const plain = file('plain.csv', `influencer_id,date,impressions,clicks,add_to_cart,purchases,cost,revenue\n${rows}`);
  let expected: string;
  beforeAll(async () => {
    expected = (await runBuilt(['report', plain, '--quiet'])).stdout;
    expect(expected).toContain('\nana,');
  });

  it('reads a mapping file (camelCase or snake_case fields)', async () => {
    const mapping = { influencerId: 'Creator', date: 'Day', impressions: 'Views', clicks: 'Taps', add_to_cart: 'Carts', purchases: 'Orders', cost: 'Spend, USD', revenue: 'Sales' };
    const run = await runBuilt(['report', ads, '--map-file', file('mapping.json', JSON.stringify(mapping)), '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected);
  });

  it('lets --map win over the file for a field in both', async () => {
    const mapping = { influencerId: 'Creator', date: 'Day', impressions: 'Views', clicks: 'Taps', addToCart: 'Carts', purchases: 'Orders', cost: 'Sales', revenue: 'Sales' };
    const run = await runBuilt(['report', ads, '--map-file', file('wrong-cost.json', JSON.stringify(mapping)), '--map', 'cost="Spend, USD"', '--quiet']);
    expect(run.stdout).toBe(expected);
  });

  it('names the file and the key of a bad mapping', async () => {
    expect(oneLine(await runBuilt(['report', ads, '--map-file', file('m1.json', '{"clicks": 3}')]))).toContain('m1.json: "clicks": expected a column name (non-empty text), got a number.');
    expect(oneLine(await runBuilt(['report', ads, '--map-file', file('m2.json', '{"clickz": "Taps"}')]))).toContain('m2.json: unknown field "clickz". Fields: influencerId,');
    expect(oneLine(await runBuilt(['report', ads, '--map-file', file('m3.json', '{"clicks": "Taps", "Clicks": "Views"}')]))).toContain('m3.json: field "clicks" is mapped twice');
    expect(oneLine(await runBuilt(['report', ads, '--map-file', file('m4.json', '["Creator"]')]))).toContain('m4.json: expected an object of field -> column name');
    expect(oneLine(await runBuilt(['report', ads, '--map-file', file('m5.json', '{"clicks": " "}')]))).toContain('got an empty string');
  });

  it('reads a quoted column name with commas, = and doubled quotes in --map', async () => {
    const map = 'influencerId=Creator, date = Day,impressions=Views,clicks=Taps,addToCart=Carts,purchases=Orders,cost="Spend, USD",revenue=Sales';
    const run = await runBuilt(['report', ads, '--map', map, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected);
    const odd = file('odd.csv', `${header.replace('Sales', '"The ""sales"", = net"')}${rows}`);
    const quoted = await runBuilt(['report', odd, '--map', map.replace('revenue=Sales', 'revenue="The ""sales"", = net"'), '--quiet']);
    expect(quoted.stdout).toBe(expected);
  });

  it('says how to quote when a name with a comma is not quoted, and on an unclosed quote', async () => {
    const unquoted = await runBuilt(['report', ads, '--map', 'cost=Spend, USD']);
    expect(unquoted.code).toBe(1);
    expect(unquoted.stderr).toContain('got "USD". A column name with a comma goes in double quotes: cost="Spend, USD".');
    const open = await runBuilt(['report', ads, '--map', 'cost="Spend, USD']);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('is never closed');
  });
});

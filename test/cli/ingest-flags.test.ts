import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { parseEventsCSV } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'if-cli-'));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) } });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ADS = file(
  'ads.csv',
  '\uFEFFInfluencer ID,Day,Impressions,Clicks,Leads,Orders,Amount spent (USD)\r\n' +
    '007,31/08/2025,1000,40,8,2,50\r\n' +
    '7,01/09/2025,900,0,1,1,45\r\n' +
    'ana,02/09/2025,-5,1,1,1,10\r\n' +
    '\r\n' +
    'ben,03/09/2025,2000,10,2,1,80\r\n',
);
const MAP = ['--map', 'influencerId=Influencer ID,date=Day', '--map', 'addToCart=leads,purchases=orders', '--map', 'cost=Amount spent (USD)'];

describe('CLI ingest flags and summary', () => {
  it('maps columns with repeatable --map, reads --date-format, and prints a short summary on stderr', async () => {
    const { code, stdout, stderr } = await cli('report', ADS, ...MAP, '--date-format', 'DD/MM/YYYY');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain('influencer_id');
    expect(stdout).toContain('\n007,');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('Read 4 rows: 3 used, 1 rejected (1 negative).');
    expect(stderr).toContain('Skipped 1 blank line.');
    expect(stderr).toContain('Kept with funnel anomalies: 1 add to cart over clicks, 1 conversions without clicks.');
    expect(stderr).toContain('No revenue column: revenue metrics are empty.');
    expect(stderr).toContain('3 influencers.');
    expect(stderr).toContain('First rejection: line 4, column "Impressions": "-5" is negative.');
  });

  it('accepts snake_case field names in --map', async () => {
    const { code } = await cli('report', ADS, '--map', 'influencer_id=Influencer ID,add_to_cart=Leads,purchases=Orders', '--quiet');
    expect(code).toBe(0);
  });

  it('exits 2 under --strict when rows are rejected, writing nothing', async () => {
    const out = join(dir, 'strict.csv');
    const { code, stdout, stderr } = await cli('report', ADS, ...MAP, '--date-format', 'DD/MM/YYYY', '--strict', '--out', out);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('1 row(s) rejected and --strict is set; nothing written.');
    expect(() => readFileSync(out)).toThrow();
  });

  it('rejects dates in another format row by row, naming the column', async () => {
    const { code, stderr } = await cli('report', ADS, ...MAP, '--quiet', '--strict');
    expect(code).toBe(2);
    expect(stderr).toContain('rejected');
    // Every row rejected: no usable row, an error that names the reasons and the first rejection.
    const { code: none, stderr: summary } = await cli('report', ADS, ...MAP);
    expect(none).toBe(1);
    expect(summary).toContain('(3 invalid date, 1 negative)');
    expect(summary).toContain('column "Day": "31/08/2025" is not a valid date');
  });

  it('exits 1 with the missing columns, the columns found and a --map suggestion', async () => {
    const { code, stderr } = await cli('report', ADS);
    expect(code).toBe(1);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toContain('Columns found: "Influencer ID", "Day", "Impressions"');
    expect(stderr).toContain('(CLI: --map addToCart=Leads,purchases=Orders)');
    expect(stderr).not.toContain('    at ');
  });

  it('exits 1 on a bad --map, a bad --date-format, a duplicate header or an unreadable file', async () => {
    expect((await cli('report', ADS, '--map', 'leadz=Leads')).stderr).toContain('unknown field "leadz"');
    expect((await cli('report', ADS, '--map', 'clicks')).code).toBe(1);
    expect((await cli('report', ADS, '--map', 'clicks=a,clicks=b')).stderr).toContain('mapped twice');
    const badFormat = await cli('report', ADS, ...MAP, '--date-format', 'DD-MM');
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('dateFormat');
    const dup = await cli('report', file('dup.csv', 'influencer_id,impressions,clicks,Clicks,add_to_cart,purchases\n'));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('appears more than once');
    const missing = await cli('report', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^influencer-funnel: Cannot read/);
    const empty = await cli('report', file('empty.csv', ''));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty');
  });

  it('writes an Excel-friendly summary with --excel, guarded against formulas, that reads back', async () => {
    const path = file('hostile.csv', 'influencer_id,impressions,clicks,add_to_cart,purchases,revenue,category\n=cmd|x,100,10,2,1,20,"@SUM(1,2)"\n+1,100,5,1,0,0,-x\n');
    const out = join(dir, 'excel.csv');
    const { code } = await cli('report', path, '--excel', '--out', out, '--quiet');
    expect(code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFinfluencer_id,')).toBe(true);
    expect(text.split('\r\n').length).toBe(4);
    expect(text).toContain("'=cmd|x");
    expect(text).toContain('"\'@SUM(1,2)"');
    expect(text).toContain("'+1");
    // Numbers stay numbers.
    const back = parseEventsCSV(text, { columns: { addToCart: 'add_to_cart' } });
    expect(back.report.rejected).toBe(0);
  });
});

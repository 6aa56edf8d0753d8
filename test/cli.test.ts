import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline/analyze.js';
import { runCli } from '../src/cli/run.js';
import { readEventsCSV } from '../src/node/index.js';
import { repoPath } from './helpers/csv.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'if-cli-'));
const sample = repoPath('examples/data/events.csv');

describe('influencer-funnel report', () => {
  it('writes the summary CSV and the JSON report, and exits 0', async () => {
    const out = join(dir, 'nested', 'summary.csv');
    const json = join(dir, 'report.json');
    const { code, stderr } = await run('report', sample, '--out', out, '--json', json);
    expect(code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^influencer_id,/);
    expect(csv.trimEnd().split('\n')).toHaveLength(101);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['influencers', 'cuts', 'charts', 'input']));
    expect(report.input).toMatchObject({ rows: 3000, used: 3000, rejected: 0 });
    expect(stderr).toMatch(/Read 3000 rows: 3000 used, 0 rejected/);
    // The JSON report is the one analyze gives on rows, trend included.
    expect(report).toEqual(JSON.parse(JSON.stringify(analyze(await readEventsCSV(sample)))));
    expect(report.charts.trend.length).toBeGreaterThan(0);
    // Without --json no per-period totals are summed; the summary is the same to the byte.
    const plain = join(dir, 'plain.csv');
    expect((await run('report', sample, '--out', plain, '--quiet')).code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toBe(csv);
  });

  it('prints the summary to stdout without --out, and nothing on stderr with --quiet', async () => {
    const { code, stdout, stderr } = await run('report', sample, '--preset', 'classic', '--quiet');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain('influencer_score,segment_3');
    expect(stderr).toBe('');
  });

  it('reads mapped columns with --map', async () => {
    const file = join(dir, 'mapped.csv');
    writeFileSync(file, 'creator,views,clicks,leads,orders\na,100,10,2,1\nb,50,5,1,1\n');
    const { code, stdout } = await run('report', file, '--map', 'influencerId=creator,impressions=views,addToCart=leads,purchases=orders', '--quiet');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it.each([
    [['report'], /needs an input CSV/],
    [['frobnicate', 'x.csv'], /unknown command/],
    [['report', 'x.csv', '--preset', 'fancy'], /--preset must be default or classic/],
    [['report', 'x.csv', '--bogus'], /Unknown option/],
    [['report', 'x.csv', '--map', 'nope=x'], /unknown field "nope"/],
  ])('exits 1 on bad usage %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });

  it('exits 1 with one clear line on unreadable input', async () => {
    const { code, stderr } = await run('report', join(dir, 'missing.csv'));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Cannot read .*missing\.csv/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on a missing column, naming it', async () => {
    const file = join(dir, 'nocol.csv');
    writeFileSync(file, 'influencer_id,impressions,clicks\na,1,1\n');
    const { code, stderr } = await run('report', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Missing required columns "add_to_cart", "purchases"/);
  });

  it('exits 2 under --strict when rows are rejected, and writes nothing', async () => {
    const file = join(dir, 'bad.csv');
    const out = join(dir, 'strict.csv');
    writeFileSync(file, 'influencer_id,impressions,clicks,add_to_cart,purchases\na,1,1,1,1\nb,-1,0,0,0\n');
    const { code, stderr } = await run('report', file, '--strict', '--out', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(/1 row\(s\) rejected/);
    expect(() => readFileSync(out)).toThrow();
    expect((await run('report', file, '--out', out, '--quiet')).code).toBe(0);
  });

  it('ends quietly with exit 0 when stdout is closed (the write rejects with EPIPE)', async () => {
    let stderr = '';
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const code = await runCli(['report', sample], {
      stdout: { write: () => Promise.reject(epipe) },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('exits 1 with one line when stdout fails otherwise', async () => {
    let stderr = '';
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const code = await runCli(['report', sample, '--quiet'], { stdout: { write: () => Promise.reject(full) }, stderr: { write: (s: string) => (stderr += s) } });
    expect(code).toBe(1);
    expect(stderr).toBe('influencer-funnel: cannot write to stdout: ENOSPC: no space left on device, write\n');
  });

  it('prints help and exits 0', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: influencer-funnel report/);
  });
});

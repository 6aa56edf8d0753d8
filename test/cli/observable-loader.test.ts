/**
 * The Observable Framework data loaders in examples/observable: data on stdout, nothing on stderr,
 * exit 0; the same bytes as the CLI gives.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../helpers/csv.js';
import { ensureBuilt, runBuilt, SAMPLE } from './built-cli.js';

beforeAll(() => ensureBuilt(), 180_000);

/** Runs a loader as Framework does: an executable, from another working directory. */
async function runLoader(name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(repoPath(`examples/observable/${name}`), [], { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('Observable Framework data loaders', () => {
  it('summary.csv.sh prints the summary CSV of the sample on stdout', async () => {
    const run = await runLoader('summary.csv.sh');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await runBuilt(['report', SAMPLE, '--quiet'])).stdout);
    expect(run.stdout.split('\n')[0]).toMatch(/^influencer_id,/);
  });

  it('report.json.sh prints the report as JSON on stdout', async () => {
    const run = await runLoader('report.json.sh');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { input: { used: number }; influencers: unknown[]; charts: Record<string, unknown> };
    expect(report.input.used).toBe(3000);
    expect(report.influencers).toHaveLength(100);
    expect(Object.keys(report.charts)).toContain('trend');
  });
});

describe('- as stdout for outputs', () => {
  it('--json - prints the report instead of the summary; --out FILE still gets the summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'if-cli-dash-')), 'summary.csv');
    const run = await runBuilt(['report', SAMPLE, '--quiet', '--json', '-', '--out', out]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { input: { used: number } }).input.used).toBe(3000);
    expect(readFileSync(out, 'utf8')).toBe((await runBuilt(['report', SAMPLE, '--quiet'])).stdout);
  });

  it('--out - is stdout, as without --out; both on stdout is bad usage', async () => {
    expect((await runBuilt(['report', SAMPLE, '--quiet', '--out', '-'])).stdout).toBe((await runBuilt(['report', SAMPLE, '--quiet'])).stdout);
    const both = await runBuilt(['report', SAMPLE, '--out', '-', '--json', '-']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--out - and --json - both name stdout');
  });
});

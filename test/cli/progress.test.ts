import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressLine, runCli } from '../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'if-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY } },
    out,
    err,
  };
}

describe('CLI progress', () => {
  it('shows bytes, rows and rows/s on a terminal, then clears the line', async () => {
    const t = io(true);
    const code = await runCli(['report', 'examples/data/events.csv', '--out', join(dir, 'a.csv')], t.io);
    expect(code).toBe(0);
    const text = t.err.join('');
    const size = (readFileSync('examples/data/events.csv').length / 1e6).toFixed(1);
    expect(text).toMatch(new RegExp(`\\rread ${size.replace('.', '\\.')} of ${size.replace('.', '\\.')} MB \\(100%\\), 3,000 rows, [\\d,-]+ rows/s`));
    expect(text).toContain('\r\x1b[K');
    expect(text).toContain('Read 3000 rows: 3000 used');
  });

  it('is silent when stderr is not a terminal, and with --quiet', async () => {
    const pipe = io(false);
    await runCli(['report', 'examples/data/events.csv', '--out', join(dir, 'b.csv')], pipe.io);
    expect(pipe.err.join('')).not.toContain('rows/s');
    const quiet = io(true);
    await runCli(['report', 'examples/data/events.csv', '--out', join(dir, 'c.csv'), '--quiet'], quiet.io);
    expect(quiet.err.join('')).toBe('');
  });

  it('writes the same summary as before streaming (same rows, same report)', async () => {
    const t = io(false);
    await runCli(['report', 'examples/data/events.csv', '--json', join(dir, 'r.json')], t.io);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.input.rows).toBe(3000);
    expect(report.influencers).toHaveLength(100);
    expect(t.out.join('').split('\n')[0]).toMatch(/^influencer_id,/);
  });

  it('throttles updates to ten a second but always shows the last one', () => {
    const lines: string[] = [];
    let clock = 0;
    const tick = progressLine({ write: (s: string) => lines.push(s) }, () => clock);
    tick({ bytes: 1e6, totalBytes: 4e6, rows: 10 });
    clock = 50;
    tick({ bytes: 2e6, totalBytes: 4e6, rows: 20 });
    clock = 1000;
    tick({ bytes: 3e6, totalBytes: 4e6, rows: 30_000 });
    clock = 1010;
    tick({ bytes: 4e6, totalBytes: 4e6, rows: 40_000 });
    expect(lines).toEqual([
      '\rread 1.0 of 4.0 MB (25%), 10 rows, - rows/s\x1b[K',
      '\rread 3.0 of 4.0 MB (75%), 30,000 rows, 30,000 rows/s\x1b[K',
      '\rread 4.0 of 4.0 MB (100%), 40,000 rows, 39,604 rows/s\x1b[K',
    ]);
  });
});

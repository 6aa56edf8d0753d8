import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuilt, writeEventsCSV } from './built-cli.js';

// `report big.csv | head -1`: the reader goes away after the first line.
const dir = mkdtempSync(join(tmpdir(), 'if-cli-stdout-'));
const big = join(dir, 'many.csv');
beforeAll(async () => {
  ensureBuilt();
  // One row per influencer: a summary of some 5 MB, far more than a pipe holds.
  await writeEventsCSV(big, 20_000, 20_000);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a closed stdout', () => {
  it('ends the run quietly: exit 0, nothing on stderr', async () => {
    const run = await runBuilt(['report', big], { closeStdoutEarly: true });
    expect(run.stdout).toMatch(/^influencer_id,/);
    expect(run.stdout.length).toBeLessThan(5e6);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('still writes the --json report whole first', async () => {
    const json = join(dir, 'r.json');
    const run = await runBuilt(['report', big, '--json', json], { closeStdoutEarly: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(readFileSync(json, 'utf8')).input.rows).toBe(20_000);
  });

  it('--version prints the package’s version', async () => {
    const run = await runBuilt(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`);
  });

  it('with --help too', async () => {
    const run = await runBuilt(['--help'], { closeStdoutEarly: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/cli/run.js';
import { repoPath } from '../helpers/csv.js';
import { ensureBuilt, runBuilt } from './built-cli.js';

beforeAll(() => ensureBuilt(), 180_000);

describe('--help', () => {
  it('prints the usage on stdout, nothing on stderr, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runBuilt([flag]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: influencer-funnel report <input\.csv\|-> \[options\]\n/);
    }
  });

  it('lists every option on one line each, and the exit codes', async () => {
    const { stdout } = await runBuilt(['--help']);
    const lines = stdout.split('\n');
    const start = lines.indexOf('Options:');
    const end = lines.indexOf('', start);
    const optionLines = lines.slice(start + 1, end);
    // Every line of the list names an option: no wrapped continuation lines.
    for (const line of optionLines) expect(line).toMatch(/^ {2}(-[a-z], )?--[a-z-]+ /);
    const listed = optionLines.map((line) => /--([a-z-]+)/.exec(line)![1]);
    expect(listed.sort()).toEqual(Object.keys(OPTIONS).sort());
    expect(stdout).toContain('Exit codes:\n  0  success');
    expect(stdout).toMatch(/\n {2}1 {2}bad usage, an unreadable input/);
    expect(stdout).toMatch(/\n {2}2 {2}rows rejected under --strict/);
  });
});

describe('--version', () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
    const run = await runBuilt(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });
});

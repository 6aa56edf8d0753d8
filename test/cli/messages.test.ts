import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cut, escapeControls, quote, QUOTE_MAX, safeLine } from '../../src/cli/quote.js';
import { ensureBuilt, runBuilt, SAMPLE, STACK_FRAME } from './built-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'if-cli-messages-'));
beforeAll(ensureBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Raw control characters a terminal would act on (tab aside, nothing the CLI prints should hold one). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('quote and safeLine', () => {
  it('escape control characters', () => {
    expect(quote('in.csv')).toBe('"in.csv"');
    expect(quote('a\u001b[31mb')).toBe('"a\\u001b[31mb"');
    expect(quote('\u0000\u0007\n\r\t\u007f\u009b')).toBe('"\\u0000\\u0007\\u000a\\u000d\\u0009\\u007f\\u009b"');
    expect(quote('say "hi" \\')).toBe('"say \\"hi\\" \\\\"');
    expect(escapeControls('plain, ünïcode ✓ 🎉')).toBe('plain, ünïcode ✓ 🎉');
    expect(escapeControls('a\u202eb\ud800')).toBe('a\\u202eb\\ud800');
  });

  it('cut long values without splitting a character', () => {
    expect(quote('x'.repeat(5e7))).toBe(`"${'x'.repeat(QUOTE_MAX)}…"`);
    expect(cut(`${'x'.repeat(QUOTE_MAX - 1)}🎉`)).toBe(`${'x'.repeat(QUOTE_MAX - 1)}…`);
  });

  it('keep a line short, its start and its end', () => {
    const line = safeLine(`Columns found: "${'\u0000x'.repeat(1e6)}". Use --map.`);
    expect(line.length).toBeLessThan(1300);
    expect(line.startsWith('Columns found: "\\u0000x')).toBe(true);
    expect(line.endsWith('". Use --map.')).toBe(true);
    expect(line).toMatch(/ … \([\d,]+ characters cut\) … /);
    expect(line).not.toMatch(RAW_CONTROL);
    expect(safeLine('short\nline')).toBe('short\\u000aline');
  });
});

describe('CLI messages', () => {
  it('keep a huge header with escape sequences to one short line', async () => {
    const file = join(dir, 'wide.csv');
    writeFileSync(file, `a\u001b[2J\u001b[31mRED,${'x'.repeat(20e6)},\u0007bell\n1,2,3\n`);
    const { code, stderr } = await runBuilt(['report', file]);
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.length).toBeLessThan(2000);
    expect(stderr).toContain('Columns found: "a\\u001b[2J\\u001b[31mRED"');
    expect(stderr).toContain('(CLI: --map');
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  it('keep a binary file (a damaged gzip) to one short line without raw bytes', async () => {
    const file = join(dir, 'events.csv.gz');
    const packed = gzipSync(readFileSync(SAMPLE));
    writeFileSync(file, packed.subarray(0, packed.length >> 1));
    const { code, stderr } = await runBuilt(['report', file]);
    expect(code).toBe(1);
    expect(stderr.length).toBeLessThan(3000);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('escape and cut values the CLI quotes: paths, commands, options', async () => {
    const runs = await Promise.all([
      runBuilt(['report', `in\u001b]0;owned\u0007${'y'.repeat(1000)}.csv`]),
      runBuilt(['frob\u001b[2Jnicate', 'x.csv']),
      runBuilt(['report', 'x.csv', `--bo\u001bgus${'z'.repeat(1e5)}`]),
      runBuilt(['report', 'x.csv', '--preset', `\u0001${'p'.repeat(1e5)}`]),
      runBuilt(['report', SAMPLE, '--out', `\u001b[31m${'o'.repeat(100)}/`]),
    ]);
    for (const { code, stderr } of runs) {
      expect(code).toBe(1);
      expect(stderr.split('\n')[0]!.length).toBeLessThan(1300);
      expect(stderr).not.toMatch(RAW_CONTROL);
      expect(stderr).toContain('\\u00');
    }
    expect(runs[0]!.stderr).toContain('Cannot read "in\\u001b]0;owned\\u0007yyy');
    expect(runs[1]!.stderr).toContain('unknown command "frob\\u001b[2Jnicate"');
    expect(runs[3]!.stderr).toContain(`--preset must be default or classic, got "\\u0001${'p'.repeat(QUOTE_MAX - 1)}…"`);
    expect(runs[4]!.stderr).toContain('--out: cannot write "\\u001b[31moooo');
  });
});

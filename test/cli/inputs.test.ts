/**
 * Where users' data comes from, through the built binary: stdin, pipes, FIFOs, process
 * substitution, gzip (file or stdin, whatever the name), delimiters and encodings.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuilt, SAMPLE, STACK_FRAME } from './built-cli.js';
import { runShell, runWithInput } from './spawn-input.js';

const dir = mkdtempSync(join(tmpdir(), 'if-cli-inputs-'));
const text = readFileSync(SAMPLE, 'utf8');
const gz = gzipSync(text);
const file = (name: string, content: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const GZ = file('events.csv.gz', gz);
/** The summary and the input report of the sample read as a plain file. */
let expected: { stdout: string; stderr: string };

beforeAll(async () => {
  ensureBuilt();
  const run = await runBuilt(['report', SAMPLE]);
  expect(run.code).toBe(0);
  expected = { stdout: run.stdout, stderr: run.stderr };
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const same = (run: { code: number | null; stdout: string; stderr: string }): void => {
  expect(run.stderr).toBe(expected.stderr);
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(expected.stdout);
};

describe('stdin, pipes and FIFOs', () => {
  it('reads - from a pipe', async () => {
    same(await runWithInput(['report', '-'], { input: text }));
  });

  it('reads - redirected from a file (< events.csv)', async () => {
    const fd = openSync(SAMPLE, 'r');
    try {
      same(await runWithInput(['report', '-'], { stdinFd: fd }));
    } finally {
      closeSync(fd);
    }
  });

  it('reads a FIFO made with mkfifo, front to back', async () => {
    const fifo = join(dir, 'events.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    const [run] = await Promise.all([runBuilt(['report', fifo, '--json', join(dir, 'fifo.json')]), once(writer.end(text), 'finish')]);
    same(run);
    expect(JSON.parse(readFileSync(join(dir, 'fifo.json'), 'utf8')).input.used).toBe(3000);
  });

  it('reads process substitution <(zcat ...) and /dev/stdin', async () => {
    same(await runShell(`cli report <(zcat "${GZ}")`));
    same(await runShell(`zcat "${GZ}" | cli report /dev/stdin`));
  });

  it('exits 1 with one line on an empty stdin', async () => {
    const run = await runWithInput(['report', '-'], { input: '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses an output over the file stdin reads, before reading', async () => {
    const input = file('stdin-in.csv', text);
    const fd = openSync(input, 'r');
    try {
      const run = await runWithInput(['report', '-', '--out', input], { stdinFd: fd });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is the same file as the input (stdin)');
      expect(readFileSync(input, 'utf8')).toBe(text);
    } finally {
      closeSync(fd);
    }
  });

  it('does not take a pipe on stdin for an output (- --out /dev/null)', async () => {
    const run = await runWithInput(['report', '-', '--out', '/dev/null', '--quiet'], { input: text });
    expect(run.code).toBe(0);
  });
});

describe('gzip, recognised by its first bytes', () => {
  it('reads a .csv.gz file, and a gzip file with any name', async () => {
    same(await runBuilt(['report', GZ]));
    same(await runBuilt(['report', file('named-plain.csv', gz)]));
  });

  it('reads gzip on stdin, and a gzip FIFO', async () => {
    same(await runWithInput(['report', '-'], { input: gz }));
    same(await runShell(`cli report <(cat "${GZ}")`));
  });

  it('reads gzip members one after the other (cat a.gz b.gz)', async () => {
    const lines = text.split('\n');
    const both = Buffer.concat([gzipSync(`${lines.slice(0, 1000).join('\n')}\n`), gzipSync(lines.slice(1000).join('\n'))]);
    same(await runBuilt(['report', file('members.csv.gz', both)]));
  });

  it('exits 1 with one line naming gzip on a truncated file, from a file or stdin', async () => {
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    for (const run of [await runBuilt(['report', file('cut.csv.gz', cut)]), await runWithInput(['report', '-'], { input: cut })]) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('gzip-compressed');
      expect(run.stderr).toContain('cannot be decompressed');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe('--delimiter, and the delimiter detected from the header', () => {
  for (const [name, delimiter, flag] of [
    ['semicolon', ';', ';'],
    ['tab', '\t', 'tab'],
    ['pipe', '|', '|'],
  ] as const) {
    it(`reads ${name}-delimited files, detected and given`, async () => {
      const path = file(`events.${name}.csv`, text.replaceAll(',', delimiter));
      same(await runBuilt(['report', path]));
      same(await runBuilt(['report', path, '--delimiter', flag]));
      same(await runWithInput(['report', '-', '--delimiter', flag], { input: gzipSync(text.replaceAll(',', delimiter)) }));
    });
  }

  it('takes \\t for a tab, and a given comma on a comma file', async () => {
    same(await runBuilt(['report', file('events.tsv', text.replaceAll(',', '\t')), '--delimiter', '\\t']));
    same(await runBuilt(['report', SAMPLE, '--delimiter', ',']));
  });

  it('exits 1 with the usage on a delimiter that is not one character', async () => {
    for (const bad of ['ab', '"', ';;']) {
      const run = await runBuilt(['report', SAMPLE, '--delimiter', bad]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--delimiter takes one character');
      expect(run.stderr).toContain('Usage:');
    }
  });
});

describe('--encoding', () => {
  const accented = text.replaceAll('beauty', 'beauté').replaceAll('fashion', 'façon');
  let utf8: string;
  beforeAll(async () => {
    const run = await runBuilt(['report', file('accented.csv', accented), '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('beauté');
    utf8 = run.stdout;
  });

  it('reads latin1 and windows-1252 when told, and says which to use when not', async () => {
    const latin1 = file('latin1.csv', Buffer.from(accented, 'latin1'));
    for (const name of ['latin1', 'windows-1252', 'ISO-8859-1', 'cp1252']) {
      const run = await runBuilt(['report', latin1, '--quiet', '--encoding', name]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(utf8);
    }
    const untold = await runBuilt(['report', latin1, '--quiet']);
    expect(untold.code).toBe(1);
    expect(untold.stderr).toContain('--encoding');
  });

  it('reads windows-1252 bytes that latin1 lacks (curly quotes, the euro sign)', async () => {
    const cp1252 = accented.replace('\n1,', '\n\u20ac1\u2019,');
    const bytes = Buffer.from(cp1252.replace('\u20ac1\u2019', '\x801\x92'), 'latin1');
    const run = await runBuilt(['report', file('cp1252.csv', bytes), '--quiet', '--encoding', 'windows-1252']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u20ac1\u2019,');
  });

  it('reads UTF-16LE without a byte-order mark when told, also gzipped on stdin', async () => {
    const utf16 = Buffer.from(accented, 'utf16le');
    const run = await runBuilt(['report', file('utf16.csv', utf16), '--quiet', '--encoding', 'utf16le']);
    expect(run.stdout).toBe(utf8);
    const piped = await runWithInput(['report', '-', '--quiet', '--encoding', 'utf16le'], { input: gzipSync(utf16) });
    expect(piped.stdout).toBe(utf8);
  });

  it('exits 1 with the usage on an unknown encoding', async () => {
    const run = await runBuilt(['report', SAMPLE, '--encoding', 'ebcdic']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--encoding must be utf8, utf16le, latin1 or windows-1252, got "ebcdic"');
  });
});

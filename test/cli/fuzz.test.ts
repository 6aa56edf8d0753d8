import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runBuilt, SAMPLE, seeded, STACK_FRAME, tempFiles } from './built-cli.js';

// The built CLI on random and mutated bytes (seeded): it exits 0, 1 or 2, says why in a few
// short lines without a stack trace, and its outputs are complete or untouched.
const dir = mkdtempSync(join(tmpdir(), 'if-cli-fuzz-'));
beforeAll(ensureBuilt, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const random = seeded(0xf022);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
// A slice of the sample keeps each run short: the header and some 400 rows.
const sample = readFileSync(SAMPLE).subarray(0, 40_000);

const insert = (bytes: Buffer, what: Buffer, times: number): Buffer => {
  let out = bytes;
  for (let i = 0; i < times; i++) {
    const at = int(out.length + 1);
    out = Buffer.concat([out.subarray(0, at), what, out.subarray(at)]);
  }
  return out;
};
const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const MUTATIONS: Record<string, () => Buffer> = {
  'flip bytes': () => {
    const out = Buffer.from(sample);
    for (let i = 0, k = 1 + int(40); i < k; i++) out[int(out.length)] = int(256);
    return out;
  },
  truncate: () => sample.subarray(0, int(sample.length)),
  'insert NUL': () => insert(sample, Buffer.from([0]), 1 + int(5)),
  'insert quotes': () => insert(sample, Buffer.from('"'), 1 + int(5)),
  'insert newlines': () => insert(sample, Buffer.from(pick(['\n', '\r', '\r\n', '\n\n'])), 1 + int(20)),
  'insert control bytes': () => insert(sample, Buffer.from([pick([0x1b, 0x07, 0x08, 0x7f, 0x9b, 0xff, 0xfe])]), 1 + int(20)),
  'random binary': () => randomBytes(int(5000)),
  'gzip magic': () => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(int(2000))]),
  'gzip file': () => gzipSync(sample),
  'UTF-16 byte-order mark': () => Buffer.concat([Buffer.from(pick([[0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]])), pick([sample, randomBytes(int(500))])]),
  'header only': () => sample.subarray(0, sample.indexOf(10) + int(2)),
  'long line': () => insert(sample, Buffer.alloc(100_000 + int(100_000), pick(['x', ',', '"', '\u0000'])), 1),
};

/** A complete summary: a header and one record per influencer of the report; the report parses. */
function expectComplete(csv: string, json: string) {
  const report = JSON.parse(json) as { influencers: unknown[] };
  const records = parse(csv, { relax_column_count: false }) as string[][];
  expect(records[0]![0]).toBe('influencer_id');
  expect(records).toHaveLength(report.influencers.length + 1);
  expect(csv.endsWith('\n')).toBe(true);
}

describe('the CLI on random and mutated bytes', () => {
  const names = Object.keys(MUTATIONS);
  const cases = Array.from({ length: 40 }, (_, i) => ({ i, name: names[i % names.length]!, strict: random() < 0.25 }));

  it('exits 0, 1 or 2 with a short message and complete or untouched outputs', { timeout: 120_000 }, async () => {
    const out = join(dir, 'summary.csv');
    const json = join(dir, 'report.json');
    const seen = new Map<string, number>();
    for (const { i, name, strict } of cases) {
      const input = join(dir, `in-${i}.csv`);
      writeFileSync(input, MUTATIONS[name]!());
      writeFileSync(out, `previous summary ${i}\n`);
      writeFileSync(json, `{"previous":${i}}\n`);
      const run = await runBuilt(['report', input, '--out', out, '--json', json, ...(strict ? ['--strict'] : [])]);
      const context = `case ${i} (${name}${strict ? ', --strict' : ''}): ${JSON.stringify(run.stderr.slice(0, 500))}`;
      seen.set(`${name}: ${run.code}`, (seen.get(`${name}: ${run.code}`) ?? 0) + 1);
      expect(run.signal, context).toBe(null);
      expect([0, 1, 2], context).toContain(run.code);
      expect(run.stderr, context).not.toMatch(STACK_FRAME);
      expect(run.stderr, context).not.toContain('internal error');
      expect(run.stderr.length, context).toBeLessThan(4096);
      expect(run.stderr, context).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(run.stdout, context).toBe('');
      if (run.code === 0) {
        expectComplete(readFileSync(out, 'utf8'), readFileSync(json, 'utf8'));
      } else {
        expect(readFileSync(out, 'utf8'), context).toBe(`previous summary ${i}\n`);
        expect(readFileSync(json, 'utf8'), context).toBe(`{"previous":${i}}\n`);
      }
      expect(tempFiles(dir), context).toEqual([]);
      expect(existsSync(input), context).toBe(true);
    }
    console.log([...seen].map(([k, v]) => `${k} x${v}`).join('; '));
  });
});

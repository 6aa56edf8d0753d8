// Every way in gives the same answer: the same random CSV (valid and invalid rows, UTF-8 and UTF-16,
// split anywhere) through every entry yields the same row report and the same summary bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateEventsCSV, analyze, parseEventsCSV, summaryCSV, type AnalyzeInput } from '../src/index.js';
import { aggregateEventsCSV as aggregateFile, readEventsCSV } from '../src/node/index.js';
import { csvCase } from './helpers/csv-arbitrary.js';

const dir = mkdtempSync(join(tmpdir(), 'if-one-answer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** UTF-16 little endian with its byte-order mark, as spreadsheets save "Unicode text". */
function utf16le(text: string): Uint8Array<ArrayBuffer> {
  const body = text.startsWith('\ufeff') ? text : `\ufeff${text}`;
  const out = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

function pieces(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    if (p > at) out.push(bytes.slice(at, p));
    at = Math.max(at, p);
  }
  if (at < bytes.length) out.push(bytes.slice(at));
  return out;
}

function stream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let k = 0;
  return new ReadableStream({
    pull(controller) {
      if (k < chunks.length) controller.enqueue(chunks[k++]!);
      else controller.close();
    },
  });
}

async function* iterate(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

/** The answer of one entry: the summary and the row report, or the error it throws. */
async function answer(read: () => AnalyzeInput | Promise<AnalyzeInput>): Promise<unknown> {
  try {
    const report = analyze(await read());
    return { summary: summaryCSV(report), classic: summaryCSV(analyze(await read(), { preset: 'classic' })), input: report.input };
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

let file = 0;
function written(bytes: Uint8Array): string {
  const path = join(dir, `case-${file++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

describe('one answer', () => {
  it('gives the same row report and summary through every entry, for UTF-8 and UTF-16, split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async ({ text, cuts }) => {
        const utf8 = new TextEncoder().encode(text);
        const wide = utf16le(text);
        const want = await answer(() => parseEventsCSV(text));
        const entries: [string, () => AnalyzeInput | Promise<AnalyzeInput>][] = [
          ['parseEventsCSV(bytes)', () => parseEventsCSV(utf8)],
          ['parseEventsCSV(UTF-16 bytes)', () => parseEventsCSV(wide)],
          ['readEventsCSV(chunks)', () => readEventsCSV(iterate(pieces(utf8, cuts)))],
          ['readEventsCSV(UTF-16 chunks)', () => readEventsCSV(iterate(pieces(wide, cuts)))],
          ['readEventsCSV(path)', () => readEventsCSV(written(utf8))],
          ['aggregateEventsCSV(text)', () => aggregateEventsCSV(text, { periods: true })],
          ['aggregateEventsCSV(ReadableStream)', () => aggregateEventsCSV(stream(pieces(utf8, cuts)), { periods: true })],
          ['aggregateEventsCSV(UTF-16 Blob)', () => aggregateEventsCSV(new Blob([wide]), { periods: true })],
          ['node aggregateEventsCSV(path)', () => aggregateFile(written(utf8), { periods: true, workers: 1 })],
          ['node aggregateEventsCSV(UTF-16 path)', () => aggregateFile(written(wide), { periods: true, workers: 1 })],
        ];
        for (const [name, read] of entries) expect([name, await answer(read)]).toEqual([name, want]);
      }),
      { numRuns: 60 },
    );
  });
});

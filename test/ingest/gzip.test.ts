import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregateEventsCSV } from '../../src/aggregate/aggregate-events-csv.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { InvalidInputError, MissingColumnError } from '../../src/contract/errors.js';
import { isGzip } from '../../src/ingest/gzip.js';
import { parseEventsCSV } from '../../src/ingest/parse.js';
import { summaryCSV } from '../../src/pipeline/summary.js';
import { repoPath } from '../helpers/csv.js';

const text = readFileSync(repoPath('examples/data/events.csv'), 'utf8');
const gz = new Uint8Array(gzipSync(text));
const summaryOf = (events: Awaited<ReturnType<typeof aggregateEventsCSV>>): string => summaryCSV(analyze(events));
const expected = summaryCSV(analyze(parseEventsCSV(text)));

/** A web stream of `bytes` cut at the given offsets (empty chunks included when offsets repeat). */
function streamOf(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const points = [0, ...cuts, bytes.length];
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (k + 1 >= points.length) return controller.close();
      controller.enqueue(bytes.slice(points[k]!, points[k + 1]!));
      k++;
    },
  });
}

describe('gzip input', () => {
  it('is recognised by its magic number only', () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new TextEncoder().encode('influencer_id'))).toBe(false);
  });

  it('decompresses a Blob (a browser File of a .csv.gz) to the same report as the text', async () => {
    expect(summaryOf(await aggregateEventsCSV(new Blob([gz])))).toBe(expected);
  });

  it('decompresses bytes held in memory in the async reader', async () => {
    expect(summaryOf(await aggregateEventsCSV(gz))).toBe(expected);
    expect(summaryOf(await aggregateEventsCSV(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength)))).toBe(expected);
  });

  it('finds the magic number across chunks cut anywhere in the first bytes, with empty chunks', async () => {
    for (const cuts of [[0], [1], [1, 1, 2], [0, 0, 1, 3], [2], [5, 1000]]) {
      expect(summaryOf(await aggregateEventsCSV(streamOf(gz, cuts)))).toBe(expected);
    }
  });

  it('reads an async iterable of chunks (a Node stream)', async () => {
    async function* chunks() {
      for (let at = 0; at < gz.length; at += 4096) yield gz.subarray(at, at + 4096);
    }
    expect(summaryOf(await aggregateEventsCSV(chunks()))).toBe(expected);
  });

  it('reads several gzip members one after the other (cat a.gz b.gz)', async () => {
    const lines = text.split('\n');
    const first = `${lines.slice(0, 1500).join('\n')}\n`;
    const second = lines.slice(1500).join('\n');
    const both = new Uint8Array([...gzipSync(first), ...gzipSync(second)]);
    expect(summaryOf(await aggregateEventsCSV(new Blob([both])))).toBe(expected);
  });

  it('decodes what the gzip holds: UTF-16 by its byte-order mark', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    expect(summaryOf(await aggregateEventsCSV(new Blob([gzipSync(utf16)])))).toBe(expected);
  });

  it('reports the compressed bytes read, against the Blob size', async () => {
    const seen: { bytes: number; totalBytes: number | null }[] = [];
    await aggregateEventsCSV(new Blob([gz]), { onProgress: ({ bytes, totalBytes }) => seen.push({ bytes, totalBytes }) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ bytes: gz.length, totalBytes: gz.length });
    expect(seen.every((p) => p.bytes <= gz.length)).toBe(true);
  });

  it('is an InvalidInputError, naming gzip, when truncated or damaged', async () => {
    for (const bad of [gz.subarray(0, gz.length - 10), gz.subarray(0, 2), Uint8Array.from(gz, (b, i) => (i === 40 ? b ^ 0xff : b))]) {
      const error = await aggregateEventsCSV(new Blob([bad])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(/gzip-compressed .* cannot be decompressed/);
    }
  });

  it('passes the scanner’s own errors through (a missing column), stopping the decompression', async () => {
    const error = await aggregateEventsCSV(new Blob([gzipSync('id,clicks\n1,2\n')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingColumnError);
  });

  it('passes the source’s own errors through', async () => {
    const failure = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    async function* failing() {
      yield gz.subarray(0, 100);
      throw failure;
    }
    await expect(aggregateEventsCSV(failing())).rejects.toBe(failure);
  });

  it('is a clear error in the synchronous parseEventsCSV', () => {
    expect(() => parseEventsCSV(gz)).toThrow(InvalidInputError);
    expect(() => parseEventsCSV(gz)).toThrow(/use aggregateEventsCSV, or readEventsCSV/);
  });

  it('leaves text chunks and other bytes as they were', async () => {
    async function* textChunks() {
      yield text.slice(0, 1000);
      yield text.slice(1000);
    }
    expect(summaryOf(await aggregateEventsCSV(textChunks()))).toBe(expected);
    expect(summaryOf(await aggregateEventsCSV(streamOf(new TextEncoder().encode(text), [1, 1, 7])))).toBe(expected);
  });
});

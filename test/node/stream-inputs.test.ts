/**
 * Paths that cannot be read by offset: FIFOs (streamed front to back) and gzip files (decompressed
 * as they are read), through both readers of the Node entry.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { InvalidInputError } from '../../src/contract/errors.js';
import { parseEventsCSV } from '../../src/ingest/parse.js';
import { aggregateEventsCSV, readEventsCSV } from '../../src/node/index.js';
import { summaryCSV } from '../../src/pipeline/summary.js';
import { repoPath } from '../helpers/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'if-node-streams-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const text = readFileSync(repoPath('examples/data/events.csv'), 'utf8');
const expected = summaryCSV(analyze(parseEventsCSV(text)));
const GZ = join(dir, 'events.csv.gz');
writeFileSync(GZ, gzipSync(text));

/** A FIFO that gets `content` written once a reader opens it. */
function fifoWith(name: string, content: string | Uint8Array): { path: string; written: Promise<unknown> } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return { path, written: once(createWriteStream(path).end(content), 'finish') };
}

describe('aggregateEventsCSV (node) on paths that cannot seek or split', () => {
  it('streams a FIFO on one thread, whatever `workers` says', async () => {
    const fifo = fifoWith('a.fifo', text);
    const [events] = await Promise.all([aggregateEventsCSV(fifo.path, { workers: 2 }), fifo.written]);
    expect(summaryCSV(analyze(events))).toBe(expected);
  });

  it('decompresses a gzip file (a path or a file URL), with progress against the file size', async () => {
    const size = readFileSync(GZ).length;
    const seen: { bytes: number; totalBytes: number | null }[] = [];
    const events = await aggregateEventsCSV(GZ, { workers: 2, onProgress: ({ bytes, totalBytes }) => seen.push({ bytes, totalBytes }) });
    expect(summaryCSV(analyze(events))).toBe(expected);
    expect(seen.at(-1)).toEqual({ bytes: size, totalBytes: size });
    expect(summaryCSV(analyze(await aggregateEventsCSV(pathToFileURL(GZ))))).toBe(expected);
  });

  it('decompresses gzip from a FIFO', async () => {
    const fifo = fifoWith('gz.fifo', gzipSync(text));
    const [events] = await Promise.all([aggregateEventsCSV(fifo.path), fifo.written]);
    expect(summaryCSV(analyze(events))).toBe(expected);
  });

  it('names the path of a damaged gzip file', async () => {
    const cut = join(dir, 'cut.csv.gz');
    writeFileSync(cut, readFileSync(GZ).subarray(0, 5000));
    const error = await aggregateEventsCSV(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('cannot be decompressed');
  });
});

describe('readEventsCSV on a FIFO and a gzip file', () => {
  it('gives the events parseEventsCSV gives', async () => {
    const parsed = parseEventsCSV(text);
    const fromGz = await readEventsCSV(GZ);
    expect(fromGz.report).toEqual(parsed.report);
    expect(fromGz.events.length).toBe(parsed.events.length);
    const fifo = fifoWith('r.fifo', gzipSync(text));
    const [fromFifo] = await Promise.all([readEventsCSV(fifo.path), fifo.written]);
    expect(fromFifo.report).toEqual(parsed.report);
  });
});

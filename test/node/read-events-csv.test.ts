import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionsError, MissingColumnError, parseEventsCSV, StrictModeError } from '../../src/index.js';
import { readEventsCSV } from '../../src/node/index.js';
import { withRows } from '../helpers/rows.js';

const dir = mkdtempSync(join(tmpdir(), 'if-read-'));
const SAMPLE = new URL('../../examples/data/events.csv', import.meta.url);

describe('readEventsCSV', () => {
  it('reads a file by path and by URL exactly as parseEventsCSV reads its text', async () => {
    const expected = withRows(parseEventsCSV(readFileSync(SAMPLE, 'utf8')));
    const byUrl = withRows(await readEventsCSV(SAMPLE));
    const byPath = withRows(await readEventsCSV(SAMPLE.pathname));
    expect(byUrl.report).toEqual(expected.report);
    expect(byPath.rows).toEqual(expected.rows);
    expect(expected.report).toMatchObject({ rows: 3000, used: 3000, anomalies: { clicksOverImpressions: 1 } });
  });

  it('reads byte chunks split inside characters, CRLF pairs, the BOM and quoted fields', async () => {
    const text = '\uFEFFinfluencer_id,impressions,clicks,add_to_cart,purchases,campaign\r\n"zoë 😀",10,1,1,1,"a\r\nb, ""c"""\r\n田中,5,1,0,0,x\r\n';
    const bytes = new TextEncoder().encode(text);
    const expected = withRows(parseEventsCSV(text));
    for (const size of [1, 2, 3, 5, 7]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const got = withRows(await readEventsCSV(Readable.from(chunks)));
      expect(got.rows).toEqual(expected.rows);
      expect(got.report).toEqual(expected.report);
    }
    expect(expected.rows.map((r) => r.influencerId)).toEqual(['zoë 😀', '田中']);
  });

  it('reads UTF-16 files written with a byte-order mark', async () => {
    const text = 'influencer_id,impressions,clicks,add_to_cart,purchases\r\nAna,10,1,1,1\r\n';
    const file = join(dir, 'utf16.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((withRows(await readEventsCSV(file))).rows[0]!.influencerId).toBe('Ana');
  });

  it('reads text chunks from any async iterable and reports progress', async () => {
    const seen: number[] = [];
    const parts = ['influencer_id,impressions,clicks,add_to_cart,purchases\n', '7,10,1,1,1\n8,1', '0,1,1,1'];
    async function* source() {
      yield* parts;
    }
    const { rows } = withRows(await readEventsCSV(source(), { onProgress: (b) => seen.push(b) }));
    expect(rows.map((r) => r.influencerId)).toEqual(['7', '8']);
    expect(seen).toEqual([parts[0]!.length, parts[0]!.length + parts[1]!.length, parts.join('').length]);
  });

  it('turns unreadable input into InvalidInputError with one clear message', async () => {
    await expect(readEventsCSV(join(dir, 'missing.csv'))).rejects.toThrow(InvalidInputError);
    await expect(readEventsCSV(dir)).rejects.toThrow(/Cannot read/);
    await expect(readEventsCSV('bad\u0000path')).rejects.toThrow(InvalidInputError);
    await expect(readEventsCSV(42 as never)).rejects.toThrow(InvalidInputError);
    await expect(readEventsCSV(Readable.from([{ not: 'bytes' }]))).rejects.toThrow(InvalidInputError);
  });

  it('applies mapping, strict mode and option validation like parseEventsCSV', async () => {
    const file = join(dir, 'ads.csv');
    writeFileSync(file, 'Influencer ID,Impressions,Clicks,Leads,Orders\n7,100,10,2,1\n8,-1,1,1,1\n');
    await expect(readEventsCSV(file)).rejects.toThrow(MissingColumnError);
    const mapped = withRows(await readEventsCSV(pathToFileURL(file), { columns: { addToCart: 'leads', purchases: 'orders' } }));
    expect(mapped.report).toMatchObject({ used: 1, rejected: 1 });
    await expect(readEventsCSV(file, { columns: { addToCart: 'leads', purchases: 'orders' }, strict: true })).rejects.toThrow(StrictModeError);
    await expect(readEventsCSV(file, { onProgress: 3 as never })).rejects.toThrow(InvalidOptionsError);
  });
});

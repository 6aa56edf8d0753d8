import fc from 'fast-check';
import { csvFormatRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, readCsvRecords } from '../../src/index.js';

interface Rec {
  fields: string[];
  line: number;
  malformed: boolean;
}

function read(chunks: readonly string[]): Rec[] {
  const out: Rec[] = [];
  const reader = new CsvRecordReader((fields, line, malformed) => out.push({ fields, line, malformed }));
  for (const c of chunks) reader.push(c);
  reader.end();
  return out;
}

/** Every way of cutting `text` into two chunks, plus one character per chunk. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('CsvRecordReader (RFC 4180)', () => {
  it.each([
    ['LF', 'a,b\n1,2\n'],
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['lone CR', 'a,b\r1,2\r'],
    ['no final newline', 'a,b\n1,2'],
    ['byte-order mark', '\uFEFFa,b\n1,2\n'],
  ])('reads %s line ends the same', (_, text) => {
    expect(readCsvRecords(text)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks of every kind', () => {
    const text = 'id,note\n1,"a, b"\n2,"say ""hi"""\n3,"x\r\ny\nz\rw"\n4,""\n';
    expect(readCsvRecords(text)).toEqual([
      ['id', 'note'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'x\r\ny\nz\rw'],
      ['4', ''],
    ]);
  });

  it('reports blank lines as a record with one empty field', () => {
    expect(readCsvRecords('a\n\n1\r\n\r\n\n')).toEqual([['a'], [''], ['1'], [''], ['']]);
  });

  it('keeps empty fields, a trailing comma and a final empty field', () => {
    expect(readCsvRecords(',a,,\n,')).toEqual([
      ['', 'a', '', ''],
      ['', ''],
    ]);
  });

  it('gives each record the physical line it starts on, counting breaks inside quotes', () => {
    const recs = read(['h\r\n"a\r\nb"\n"c\rd"\re\n\nf']);
    expect(recs.map((r) => [r.fields[0], r.line])).toEqual([
      ['h', 1],
      ['a\r\nb', 2],
      ['c\rd', 4],
      ['e', 6],
      ['', 7],
      ['f', 8],
    ]);
  });

  it('gives the same records and lines however the text is cut into chunks', () => {
    const text = '\uFEFFid,"n,o"\r\n1,"a""b\r\nc"\r2,x\n\n"",""""\r\n3,"tail';
    const whole = read([text]);
    for (const chunks of splits(text)) expect(read(chunks)).toEqual(whole);
  });

  it('flags a quote inside an unquoted field, text after a closing quote and an unclosed quote as malformed', () => {
    const recs = read(['a,b\n1,x"y\n2,"q"z\n3,"open\n4,5\n']);
    expect(recs.map((r) => r.malformed)).toEqual([false, true, true, true]);
    expect(recs[1]!.fields).toEqual(['1', 'x"y']);
    expect(recs[2]!.fields).toEqual(['2', 'qz']);
    expect(recs[3]!.fields).toEqual(['3', 'open\n4,5\n']);
  });

  it('strips a byte-order mark only at the very start', () => {
    expect(readCsvRecords('a\n\uFEFFb\n')).toEqual([['a'], ['\uFEFFb']]);
    expect(read(['', '\uFEFFa'])).toEqual([{ fields: ['a'], line: 1, malformed: false }]);
  });

  it('reads an empty input as no records', () => {
    expect(readCsvRecords('')).toEqual([]);
    expect(readCsvRecords('\uFEFF')).toEqual([]);
  });

  it('reads back any table that d3-dsv writes, in any chunking (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ',', '"', '\n', '\r', ' ', '1') });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 })),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rows, cuts) => {
          // A record of one empty field is written as an empty line, which readers treat as blank.
          fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
          const text = csvFormatRows(rows);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
          expect(read(chunks).map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import { csvParse as d3CsvParse, csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { csvChunks, formatCell, InvalidOptionsError, readCsvRecords, toCSV } from '../src/index.js';

describe('toCSV', () => {
  it('quotes where RFC 4180 needs it and writes null as an empty cell', () => {
    const rows = [{ id: '7', note: 'a, "b"', ctr: null, multi: 'x\ny', cr: 'p\rq', n: 0.1 }];
    expect(toCSV(rows)).toBe('id,note,ctr,multi,cr,n\n7,"a, ""b""",,"x\ny","p\rq",0.1\n');
  });

  it('writes numbers in their shortest round-trip form, and non-finite numbers as empty cells', () => {
    const values = [0.1 + 0.2, 1 / 3, 1e21, 1e-7, -0, 123456789012345680000, 5e-324, Number.MAX_VALUE, -2.5];
    const csv = toCSV(values.map((v) => ({ v })));
    const back = readCsvRecords(csv).slice(1).map(([cell]) => Number(cell));
    expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(csv).toContain('\n0.30000000000000004\n');
    expect(toCSV([{ a: Number.NaN, b: Infinity, c: -Infinity }])).toBe('a,b,c\n,,\n');
  });

  it('adds a byte-order mark and CRLF line ends for Excel on request', () => {
    expect(toCSV([{ a: 1 }, { a: 2 }], { bom: true, newline: '\r\n' })).toBe('\uFEFFa\r\n1\r\n2\r\n');
  });

  it('selects, orders and renames columns', () => {
    const rows = [{ influencerId: '7', score: 0.5, secret: 'x', segment: 'High' }];
    expect(toCSV(rows, { columns: ['segment', { key: 'influencerId', header: 'influencer_id' }, 'score'] })).toBe(
      'segment,influencer_id,score\nHigh,7,0.5\n',
    );
    expect(toCSV(rows, { columns: ['score'], header: false })).toBe('0.5\n');
  });

  it('infers columns from every row, leaving out object values', () => {
    const rows = [{ a: 1, nested: { x: 1 } }, { a: 2, b: 'late', when: new Date(Date.UTC(2025, 0, 2)) }];
    expect(toCSV(rows)).toBe('a,b,when\n1,,\n2,late,2025-01-02T00:00:00.000Z\n');
  });

  it('never reads inherited members for a missing key', () => {
    expect(toCSV([{ a: 1 }], { columns: ['a', 'constructor', 'toString', '__proto__'] as never })).toBe('a,constructor,toString,__proto__\n1,,,\n');
    const own = JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>;
    expect(toCSV([own])).toBe('__proto__,constructor\np,c\n');
  });

  it('writes a lone empty cell as "" so that the line is not read as blank', () => {
    const csv = toCSV([{ a: '' }, { a: null }, { a: 'x' }]);
    expect(csv).toBe('a\n""\n""\nx\n');
    expect(readCsvRecords(csv)).toEqual([['a'], [''], [''], ['x']]);
  });

  it('writes nothing for no rows and no columns, and the header alone for no rows', () => {
    expect(toCSV([])).toBe('');
    expect(toCSV([], { columns: ['a', 'b'] as never })).toBe('a,b\n');
  });

  it('refuses bad options with InvalidOptionsError', () => {
    expect(() => toCSV([{ a: 1 }], { newline: '\r' as never })).toThrow(InvalidOptionsError);
    expect(() => toCSV([{ a: 1 }], { columns: [{ header: 'x' }] as never })).toThrow(InvalidOptionsError);
    expect(() => [...csvChunks([{ a: 1 }], { chunkRows: 0 })]).toThrow(InvalidOptionsError);
    expect(() => [...csvChunks([{ a: 1 }], { chunkRows: Number.NaN })]).toThrow(InvalidOptionsError);
    expect(() => toCSV('a' as never)).toThrow(/array/);
  });

  it('does not mutate its input', () => {
    const rows = Object.freeze([Object.freeze({ a: '=x', b: 1 })]);
    expect(toCSV(rows)).toBe("a,b\n'=x,1\n");
  });
});

describe('formula-injection guard (OWASP)', () => {
  it.each(['=SUM(A1:A2)', '+1', '-1+2', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x","y")'])('prefixes %j with a single quote', (text) => {
    const [, row] = readCsvRecords(toCSV([{ t: text }]));
    expect(row).toEqual([`'${text}`]);
  });

  it('leaves numbers alone, negative ones included, and text that does not start a formula', () => {
    expect(toCSV([{ n: -5, m: -0.25, t: 'a=b', u: ' =x' }])).toBe('n,m,t,u\n-5,-0.25,a=b, =x\n');
  });

  it('guards header cells too', () => {
    expect(toCSV([{ a: 1 }], { columns: [{ key: 'a', header: '=evil' }] as never })).toBe("'=evil\n1\n");
  });

  it('can be turned off', () => {
    expect(toCSV([{ t: '=1+1', u: '-3' }], { formulaGuard: false })).toBe('t,u\n=1+1,-3\n');
    expect(formatCell('@x', false)).toBe('@x');
  });
});

describe('csvChunks', () => {
  it('streams the same text as toCSV, in chunks of whole rows', () => {
    const rows = Array.from({ length: 2501 }, (_, i) => ({ id: `i${i}`, v: i / 7, t: i % 3 ? 'x,y' : null }));
    const chunks = [...csvChunks(rows, { chunkRows: 1000, newline: '\r\n', bom: true })];
    expect(chunks).toHaveLength(3);
    expect(chunks.every((c) => c.endsWith('\r\n'))).toBe(true);
    expect(chunks.join('')).toBe(toCSV(rows, { newline: '\r\n', bom: true }));
  });

  it('reads any iterable lazily, taking columns from the first row', () => {
    function* gen() {
      yield { a: 1, b: 2 };
      yield { a: 3, c: 4 };
    }
    expect([...csvChunks(gen())].join('')).toBe('a,b\n1,2\n3,\n');
  });
});

describe('independent parsers read our output back (oracles)', () => {
  const text = fc.string({ unit: 'binary', maxLength: 30 });
  const cellValue = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null));
  const table = fc.array(fc.record({ id: text, a: cellValue, b: cellValue }), { minLength: 1, maxLength: 8 });

  function expected(v: unknown): string {
    if (v === null) return '';
    if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
    return v as string;
  }

  it('d3-dsv and csv-parse give back every value (formula guard off)', () => {
    fc.assert(
      fc.property(table, fc.boolean(), (rows, crlf) => {
        const csv = toCSV(rows, { formulaGuard: false, newline: crlf ? '\r\n' : '\n' });
        const want = rows.map((r) => ({ id: expected(r.id), a: expected(r.a), b: expected(r.b) }));
        expect(d3CsvParse(csv).map((r) => ({ ...r }))).toEqual(want);
        expect(csvParse(csv, { columns: true, record_delimiter: crlf ? '\r\n' : '\n' })).toEqual(want);
        for (const [i, r] of rows.entries()) {
          for (const key of ['a', 'b'] as const) {
            if (typeof r[key] === 'number') expect(Number(want[i]![key])).toBe(Object.is(r[key], -0) ? 0 : r[key]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with the guard on, parsers read the guarded text: a quote before a formula start, numbers unchanged', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const back = csvParseRows(toCSV(rows)).slice(1);
        rows.forEach((r, i) => {
          ['id', 'a', 'b'].forEach((key, j) => {
            const v = (r as Record<string, unknown>)[key];
            const plain = expected(v);
            const guarded = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${plain}` : plain;
            expect(back[i]![j]).toBe(guarded);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips arbitrary strings, lone surrogates included, through our writer and our reader', () => {
    const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('"', ',', '\r', '\n', '\uFEFF', '\uD800', '\uDC00'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyText), { minLength: 1, maxLength: 6 }), (pairs) => {
        const rows = pairs.map(([x, y]) => ({ x, y }));
        const csv = toCSV(rows, { formulaGuard: false });
        expect(readCsvRecords(csv)).toEqual([['x', 'y'], ...pairs.map(([x, y]) => [x, y])]);
      }),
      { numRuns: 300 },
    );
  });
});

/** The writer's rules written plainly, cell by cell with regular expressions, as a reference. */
function referenceCell(value: unknown, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return !Number.isFinite(value) ? '' : value === 0 ? '0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : value.toISOString()) : typeof value === 'string' ? value : JSON.stringify(value);
  if (guard && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function referenceCSV(rows: readonly Record<string, unknown>[], keys: readonly string[], guard: boolean, newline: string): string {
  const line = (cells: readonly unknown[]) => {
    const text = cells.map((c) => referenceCell(c, guard)).join(',');
    return cells.length === 1 && text === '' ? '""' : text;
  };
  return [line(keys), ...rows.map((r) => line(keys.map((k) => (Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined))))].map((l) => l + newline).join('');
}

describe('writer against the plain rules', () => {
  const cell = fc.oneof(
    fc.constantFrom(null, undefined, 0, -0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 0.1, 1e21, 1e-7, 5e-324, Number.NaN, Infinity, -Infinity, true, false, '', '=1', '-2', '+x', '@a', '\tb', '\rc', 'a"b', 'a,b', 'a\nb', "'q"),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.string({ unit: fc.constantFrom('=', '"', ',', '\n', '\r', 'a', 'é', '😀', '-') }),
    fc.date({ noInvalidDate: false }),
    fc.constant({ nested: [1, 'x'] }),
  );
  it('writes every cell and line as the rules say, in one string or in chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c'), cell), { maxLength: 40 }),
        fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n') as fc.Arbitrary<'\n' | '\r\n'>,
        fc.integer({ min: 1, max: 7 }),
        (rows, keys, formulaGuard, newline, chunkRows) => {
          Object.freeze(rows);
          const expected = referenceCSV(rows, keys, formulaGuard, newline);
          const options = { columns: keys as never, formulaGuard, newline };
          expect(toCSV(rows, options)).toBe(expected);
          const chunks = [...csvChunks(rows, { ...options, chunkRows })];
          expect(chunks.join('')).toBe(expected);
          expect(chunks.length).toBe(Math.max(1, Math.ceil(rows.length / chunkRows)));
          // Iterables other than arrays are read lazily and written the same.
          expect([...csvChunks(new Set(rows), { ...options, chunkRows })].join('')).toBe(expected);
          for (const r of rows.slice(0, 5)) for (const k of keys) expect(formatCell(r[k], formulaGuard)).toBe(referenceCell(r[k], formulaGuard));
        },
      ),
      { numRuns: 300 },
    );
  });
});

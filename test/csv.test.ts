import { describe, expect, it } from 'vitest';
import { csvChunks, formatCell, toCSV } from '../src/index.js';

describe('toCSV', () => {
  it('quotes per RFC 4180 and writes null as an empty cell', () => {
    expect(toCSV([{ id: '7', note: 'a, "b"\nc', ctr: null, n: 0.1 }])).toBe('id,note,ctr,n\n7,"a, ""b""\nc",,0.1\n');
  });

  it('guards text cells that a spreadsheet would run, never numbers', () => {
    expect(toCSV([{ a: '=1+1', b: '-2', c: -2, d: '@x', e: '+1', f: '\tx' }])).toBe(`a,b,c,d,e,f\n'=1+1,'-2,-2,'@x,'+1,'\tx\n`);
    expect(toCSV([{ a: '=1+1' }], { formulaGuard: false })).toBe('a\n=1+1\n');
  });

  it('selects, orders and renames columns, with CRLF and a BOM for Excel', () => {
    const rows = [{ x: 1, y: 2, z: 3 }];
    expect(toCSV(rows, { columns: ['z', { key: 'x', header: 'ex' }], newline: '\r\n', bom: true })).toBe('\uFEFFz,ex\r\n3,1\r\n');
  });

  it('writes shortest round-trip numbers and never NaN', () => {
    expect(formatCell(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatCell(-0)).toBe('0');
    expect(formatCell(Number.NaN)).toBe('');
    expect(formatCell(Infinity)).toBe('');
  });

  it('streams in chunks that concatenate to toCSV', () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i, s: `r${i}` }));
    const chunks = [...csvChunks(rows, { chunkRows: 10 })];
    expect(chunks).toHaveLength(3);
    expect(chunks.join('')).toBe(toCSV(rows));
  });
});

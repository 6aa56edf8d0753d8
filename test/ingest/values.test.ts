import { describe, expect, it } from 'vitest';
import {
  compileDateParser,
  isWholeDecimalText,
  parseCount,
  parseDecimal,
  parseExtra,
  parseId,
  parseMoney,
  parseOptionalCount,
  parseText,
} from '../../src/ingest/values.js';

const reason = (p: { ok: boolean; reason?: string }) => (p.ok ? 'ok' : p.reason);

describe('counts', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    [' 7 ', 7],
    ['007', 7],
    ['+3', 3],
    ['1.0', 1],
    ['1e3', 1000],
    ['2.50e1', 25],
    ['-0', 0],
    ['9007199254740991', 9007199254740991],
  ])('accepts %j as %d', (text, value) => {
    expect(parseCount(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['1,234', 'not_a_number'],
    ['$5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['NaN', 'not_a_number'],
    ['nan', 'not_a_number'],
    ['Infinity', 'not_finite'],
    ['-inf', 'not_finite'],
    ['-1', 'negative'],
    ['-0.5', 'negative'],
    ['1.5', 'not_an_integer'],
    ['1.0000000000000001', 'not_an_integer'],
    ['1e-400', 'not_an_integer'],
    ['0.5e1', 'ok'],
    ['9007199254740992', 'too_large'],
    ['1e16', 'too_large'],
    ['1e400', 'too_large'],
  ])('reads %j as %s', (text, expected) => {
    expect(reason(parseCount(text))).toBe(expected);
  });

  it('gives numbers the same reasons as text', () => {
    expect(reason(parseCount(Number.NaN))).toBe('not_a_number');
    expect(reason(parseCount(Number.POSITIVE_INFINITY))).toBe('not_finite');
    expect(reason(parseCount(-3))).toBe('negative');
    expect(reason(parseCount(2.5))).toBe('not_an_integer');
    expect(reason(parseCount(2 ** 53))).toBe('too_large');
    expect(reason(parseCount(null))).toBe('empty');
    expect(reason(parseCount(undefined))).toBe('empty');
    expect(reason(parseCount(true))).toBe('invalid_type');
    expect(reason(parseCount({}))).toBe('invalid_type');
    expect(parseCount(-0)).toEqual({ ok: true, value: 0 });
    expect(Object.is((parseCount('-0') as { value: number }).value, 0)).toBe(true);
  });

  it('reads bigints within range and rejects the rest', () => {
    expect(parseCount(12n)).toEqual({ ok: true, value: 12 });
    expect(reason(parseCount(2n ** 60n))).toBe('too_large');
    expect(reason(parseCount(-1n))).toBe('negative');
  });

  it('judges whole numbers on the digits, not on the rounded double', () => {
    expect(isWholeDecimalText('12.000')).toBe(true);
    expect(isWholeDecimalText('1.25e2')).toBe(true);
    expect(isWholeDecimalText('1.255e2')).toBe(false);
    expect(isWholeDecimalText('120e-1')).toBe(true);
    expect(isWholeDecimalText('125e-1')).toBe(false);
    expect(isWholeDecimalText('0e-5')).toBe(true);
  });

  it('reads an empty optional count as null', () => {
    expect(parseOptionalCount('')).toEqual({ ok: true, value: null });
    expect(parseOptionalCount(null)).toEqual({ ok: true, value: null });
    expect(reason(parseOptionalCount('many'))).toBe('not_a_number');
  });
});

describe('money', () => {
  it.each([
    ['19.99', 19.99],
    ['0', 0],
    ['1e3', 1000],
    [' 5 ', 5],
  ])('accepts %j', (text, value) => {
    expect(parseMoney(text)).toEqual({ ok: true, value });
  });

  it('reads an empty amount as null (the row has no amount)', () => {
    expect(parseMoney('')).toEqual({ ok: true, value: null });
    expect(parseMoney('  ')).toEqual({ ok: true, value: null });
    expect(parseMoney(null)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['-0.01', 'negative'],
    ['NaN', 'not_a_number'],
    ['Infinity', 'not_finite'],
    ['1e309', 'too_large'],
    ['1e16', 'too_large'],
    ['12,50', 'not_a_number'],
  ])('rejects %j as %s', (text, expected) => {
    expect(reason(parseMoney(text))).toBe(expected);
  });

  it('rejects non-finite and negative numbers', () => {
    expect(reason(parseMoney(Number.NaN))).toBe('not_a_number');
    expect(reason(parseMoney(-Infinity))).toBe('not_finite');
    expect(reason(parseMoney(-1))).toBe('negative');
    expect(reason(parseMoney(Number.MAX_VALUE))).toBe('too_large');
    expect(reason(parseMoney([]))).toBe('invalid_type');
  });

  it('parses decimals without locale guessing', () => {
    expect(parseDecimal('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseDecimal('5.')).toEqual({ ok: true, value: 5 });
    expect(reason(parseDecimal('1 000'))).toBe('not_a_number');
    expect(reason(parseDecimal('٣'))).toBe('not_a_number');
  });
});

describe('ids and text', () => {
  it('keeps ids verbatim, leading zeros and spaces included', () => {
    for (const id of ['007', ' 7', '7 ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '1e3', '-1', '=cmd']) {
      expect(parseId(id)).toEqual({ ok: true, value: id });
    }
    expect(parseId(7)).toEqual({ ok: true, value: '7' });
    expect(parseId(12345678901234567890n)).toEqual({ ok: true, value: '12345678901234567890' });
  });

  it('rejects blank and non-text ids', () => {
    expect(reason(parseId(''))).toBe('missing_id');
    expect(reason(parseId(' \t'))).toBe('missing_id');
    expect(reason(parseId(null))).toBe('missing_id');
    expect(reason(parseId(Number.NaN))).toBe('invalid_type');
    expect(reason(parseId({}))).toBe('invalid_type');
  });

  it('reads blank text as null and keeps other text verbatim', () => {
    expect(parseText('')).toEqual({ ok: true, value: null });
    expect(parseText('  ')).toEqual({ ok: true, value: null });
    expect(parseText(' Beauty ')).toEqual({ ok: true, value: ' Beauty ' });
    expect(parseText(3)).toEqual({ ok: true, value: '3' });
    expect(reason(parseText({}))).toBe('invalid_type');
  });

  it('never rejects a row for an extra column value', () => {
    expect(parseExtra({ nested: true })).toEqual({ ok: true, value: null });
    expect(parseExtra(['a'])).toEqual({ ok: true, value: null });
    expect(parseExtra('UGC')).toEqual({ ok: true, value: 'UGC' });
  });
});

describe('dates', () => {
  it.each([
    ['YYYY-MM-DD', '2025-09-01', '2025-09-01'],
    ['YYYY-MM-DD', '2025-9-1', '2025-09-01'],
    ['YYYY-MM-DD', '2025-09-01T10:30:00Z', '2025-09-01'],
    ['YYYY-MM-DD', '2025-09-01 23:59:59.123+02:00', '2025-09-01'],
    ['DD-MM-YYYY', '31-12-2025', '2025-12-31'],
    ['DD/MM/YYYY', '01/02/2024', '2024-02-01'],
    ['MM/DD/YYYY', '02/29/2024', '2024-02-29'],
    ['M/D/YY', '9/1/25', '2025-09-01'],
    ['M/D/YY', '12/31/99', '1999-12-31'],
    ['M/D/YY', '1/1/68', '2068-01-01'],
    ['M/D/YY', '1/1/69', '1969-01-01'],
    ['M/D/YY', '9/1/25 3:05 PM', '2025-09-01'],
    ['YYYYMMDD', '20250901', '2025-09-01'],
    ['DD.MM.YYYY', '01.09.2025', '2025-09-01'],
  ])('%s reads %j as %s', (format, text, iso) => {
    expect(compileDateParser(format)(text)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['YYYY-MM-DD', '2025-02-29'],
    ['YYYY-MM-DD', '2025-13-01'],
    ['YYYY-MM-DD', '2025-00-10'],
    ['YYYY-MM-DD', '01-09-2025'],
    ['YYYY-MM-DD', '2025/09/01'],
    ['YYYY-MM-DD', '2025-09-01T25:00'],
    ['DD-MM-YYYY', '2025-09-01'],
    ['MM/DD/YYYY', '31/12/2025'],
    ['M/D/YY', '9/1/2025'],
    ['M/D/YY', '9/1/25 0:30 AM'],
    ['YYYY-MM-DD', 'yesterday'],
  ])('%s rejects %j', (format, text) => {
    expect(reason(compileDateParser(format)(text))).toBe('invalid_date');
  });

  it('reads blank dates as null and Date objects as their UTC date', () => {
    const read = compileDateParser();
    expect(read('')).toEqual({ ok: true, value: null });
    expect(read(new Date(Date.UTC(2025, 8, 1, 23)))).toEqual({ ok: true, value: '2025-09-01' });
    expect(reason(read(new Date(Number.NaN)))).toBe('invalid_date');
    expect(reason(read(20250901))).toBe('invalid_type');
  });
});

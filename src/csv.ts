/**
 * RFC 4180 CSV writer, safe to open in spreadsheet software: quoting where needed, `null` as an
 * empty cell, shortest round-trip numbers, and a formula-injection guard on by default.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from './errors.js';

/** A column: a key of the row, optionally written under another header. */
export type CsvColumn<T> = (keyof T & string) | { readonly key: keyof T & string; readonly header?: string };

/** Options of {@link toCSV} and {@link csvChunks}. */
export interface CsvOptions<T> {
  /**
   * Columns to write, in order: keys, or `{ key, header }` to rename. Default: every key of the
   * rows (in first-seen order) whose values are not objects (`null`, numbers, text, booleans and
   * dates are written; nested objects and arrays are left out).
   */
  readonly columns?: readonly CsvColumn<T>[];
  /** Write a header row (default `true`). */
  readonly header?: boolean;
  /** Line end: `'\n'` (default) or `'\r\n'` (what Excel writes). */
  readonly newline?: '\n' | '\r\n';
  /** Start with a UTF-8 byte-order mark so Excel detects the encoding (default `false`). */
  readonly bom?: boolean;
  /**
   * Prefix text cells that start with `=`, `+`, `-`, `@`, tab or carriage return with `'` so that a
   * spreadsheet shows them instead of running them (OWASP CSV injection). Numbers are never changed.
   * Default `true`; `false` writes text exactly as given.
   */
  readonly formulaGuard?: boolean;
  /** Rows per chunk for {@link csvChunks} (default 1000). */
  readonly chunkRows?: number;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Formats one cell: `null`/`undefined` and non-finite numbers as an empty cell, numbers as the
 * shortest text that reads back as the same double (`0.1`, `1e+21`; `-0` as `0`), booleans as
 * `true`/`false`, dates as ISO text, other objects as JSON; text guarded against formulas (unless
 * `formulaGuard` is `false`) and quoted when it holds a quote, a comma or a line break.
 *
 * @example
 * ```ts
 * formatCell('a, "b"');  // '"a, ""b"""'
 * formatCell('=1+1');    // "'=1+1"
 * formatCell(-1.5);      // '-1.5' (numbers are never guarded)
 * formatCell(null);      // ''
 * ```
 */
export function formatCell(value: unknown, formulaGuard = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return value === 0 ? '0' : String(value); // -0 too
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else if (typeof value === 'function' || typeof value === 'symbol') text = '';
  else text = jsonText(value);
  if (formulaGuard && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '';
  } catch {
    return String(Object.prototype.toString.call(value));
  }
}

function isWritable(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object' || v instanceof Date;
}

interface ResolvedColumn {
  readonly key: string;
  readonly header: string;
}

function resolveColumns<T>(sample: readonly unknown[], columns: readonly CsvColumn<T>[] | undefined): ResolvedColumn[] {
  if (columns !== undefined) {
    if (!Array.isArray(columns)) {
      throw new InvalidOptionsError('`columns` must be an array of keys or { key, header }.', [{ path: 'columns', message: 'expected an array' }]);
    }
    return columns.map((c, i) => {
      if (typeof c === 'string') return { key: c, header: c };
      if (c && typeof c === 'object' && typeof c.key === 'string' && (c.header === undefined || typeof c.header === 'string')) {
        return { key: c.key, header: c.header ?? c.key };
      }
      throw new InvalidOptionsError('Each CSV column is a key or { key, header } with string values.', [{ path: `columns.${i}`, message: 'invalid column' }]);
    });
  }
  // Union of the keys in first-seen order; a key is left out when any row holds an object there.
  const keys = new Map<string, boolean>();
  for (const row of sample) {
    if (row === null || typeof row !== 'object') continue;
    for (const key of Object.keys(row)) {
      const writable = isWritable((row as Record<string, unknown>)[key]);
      const known = keys.get(key);
      if (known === undefined) keys.set(key, writable);
      else if (known && !writable) keys.set(key, false);
    }
  }
  return [...keys].filter(([, writable]) => writable).map(([key]) => ({ key, header: key }));
}

/** A row's value under `key`: own properties and getters, never `Object.prototype` members. */
function cellValue(row: unknown, key: string, inPrototype: boolean): unknown {
  if (row === null || typeof row !== 'object') return undefined;
  if (inPrototype && !hasOwn.call(row, key)) return undefined;
  return (row as Record<string, unknown>)[key];
}

function checkOptions<T>(options: CsvOptions<T>): { newline: string; guard: boolean; chunkRows: number } {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError('CSV options must be an object.', [{ path: '(root)', message: 'expected an object' }]);
  }
  const newline = options.newline ?? '\n';
  if (newline !== '\n' && newline !== '\r\n') {
    throw new InvalidOptionsError('`newline` must be "\\n" or "\\r\\n".', [{ path: 'newline', message: 'invalid line end' }]);
  }
  const chunkRows = options.chunkRows ?? 1000;
  if (typeof chunkRows !== 'number' || !Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new InvalidOptionsError('`chunkRows` must be a positive integer.', [{ path: 'chunkRows', message: 'expected a positive integer' }]);
  }
  return { newline, guard: options.formulaGuard ?? true, chunkRows };
}

function formatLine(cells: readonly unknown[], guard: boolean): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += formatCell(cells[i], guard);
  }
  // A lone empty cell would be an empty line, which readers skip: write it as an empty quoted field.
  return cells.length === 1 && line === '' ? '""' : line;
}

/**
 * Writes rows as CSV in chunks of text, for streaming large outputs (each chunk ends with a line
 * end). Columns default to the keys of all rows when `rows` is an array, and of the first row for
 * other iterables (which are read once, lazily).
 *
 * @example
 * ```ts
 * for (const chunk of csvChunks(report.influencers, { chunkRows: 500 })) stream.write(chunk);
 * ```
 */
export function* csvChunks<T>(rows: Iterable<T>, options: CsvOptions<T> = {}): Generator<string, void, undefined> {
  const { newline, guard, chunkRows } = checkOptions(options);
  if (rows === null || rows === undefined || typeof (rows as Iterable<T>)[Symbol.iterator] !== 'function' || typeof rows === 'string') {
    throw new InvalidInputError('csvChunks requires an array (or another iterable) of rows.');
  }
  const iterator = rows[Symbol.iterator]();
  let next = iterator.next();
  const columns = resolveColumns(Array.isArray(rows) ? rows : next.done ? [] : [next.value], options.columns);
  let buffer = options.bom ? '\uFEFF' : '';
  if (columns.length === 0) {
    // Nothing to write: no columns given and no row with a writable key.
    if (buffer) yield buffer;
    return;
  }
  if (options.header ?? true) buffer += formatLine(columns.map((c) => c.header), guard) + newline;
  const cells: unknown[] = new Array(columns.length);
  // Keys that name an `Object.prototype` member (`constructor`...) are read only as own properties.
  const inPrototype = columns.map((c) => c.key in Object.prototype);
  let count = 0;
  while (!next.done) {
    const row = next.value;
    for (let i = 0; i < columns.length; i++) cells[i] = cellValue(row, columns[i]!.key, inPrototype[i]!);
    buffer += formatLine(cells, guard) + newline;
    if (++count % chunkRows === 0) {
      yield buffer;
      buffer = '';
    }
    next = iterator.next();
  }
  if (buffer) yield buffer;
}

/**
 * Writes rows as one RFC 4180 CSV string: a header, one line per row, `\n` line ends (or `\r\n`),
 * quotes only where needed, `null` as an empty cell, numbers in their shortest round-trip form, and
 * text that a spreadsheet would run as a formula prefixed with `'`.
 *
 * @example
 * ```ts
 * toCSV([{ id: '7', note: 'a, "b"', ctr: null, cmd: '=1+1' }]);
 * // 'id,note,ctr,cmd\n7,"a, ""b""",,\'=1+1\n'
 * toCSV(rows, { columns: [{ key: 'influencerId', header: 'influencer_id' }, 'score'], bom: true, newline: '\r\n' });
 * ```
 */
export function toCSV<T>(rows: readonly T[], options: CsvOptions<T> = {}): string {
  if (!Array.isArray(rows)) throw new InvalidInputError('toCSV requires an array of rows.');
  checkOptions(options);
  let out = '';
  for (const chunk of csvChunks(rows, { ...options, chunkRows: Number.MAX_SAFE_INTEGER })) out += chunk;
  return out;
}

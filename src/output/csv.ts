/**
 * RFC 4180 CSV writer, safe to open in spreadsheet software: quoting where needed, `null` as an
 * empty cell, shortest round-trip numbers, and a formula-injection guard on by default.
 * @module
 */
import { InvalidInputError, InvalidOptionsError } from '../contract/errors.js';

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

const hasOwn = Object.prototype.hasOwnProperty;

/** Whether text needs quotes: it holds `"`, `,`, CR or LF. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 44 || c === 10 || c === 13) return true;
  }
  return false;
}

/** Text as a cell: prefixed with `'` when it starts a formula (if `guard`), then quoted if needed. */
function textCell(text: string, guard: boolean): string {
  if (text === '') return text;
  const c = text.charCodeAt(0);
  // = + - @ tab CR
  if (guard && (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13)) text = `'${text}`;
  return needsQuotes(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number's cell: its shortest round-trip text (`-0` as `0`), empty when not finite. */
function numberCell(value: number): string {
  // Integers (and -0) first: the common case, and the cheapest conversion.
  if ((value | 0) === value) return value === 0 ? '0' : '' + value;
  return value - value === 0 ? '' + value : ''; // finite
}

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
  if (typeof value === 'number') return numberCell(value);
  if (typeof value === 'string') return textCell(value, formulaGuard);
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else if (typeof value === 'function' || typeof value === 'symbol') text = '';
  else text = jsonText(value);
  return textCell(text, formulaGuard);
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

/** Cells as a line; a lone empty cell would be an empty line, which readers skip: it is written `""`. */
function joinCells(cells: readonly string[]): string {
  return cells.length === 1 && cells[0] === '' ? '""' : cells.join(',');
}

/** The line of a row, the columns' keys and options resolved once and one cell array reused. */
function lineWriter(columns: readonly ResolvedColumn[], guard: boolean): (row: unknown) => string {
  const keys = columns.map((c) => c.key);
  // Keys that name an `Object.prototype` member (`constructor`...) are read only as own properties.
  const inPrototype = keys.map((key) => key in Object.prototype);
  const cells = keys.map(() => '');
  const m = keys.length;
  return (row) => {
    const isObject = row !== null && typeof row === 'object';
    for (let i = 0; i < m; i++) {
      const key = keys[i]!;
      const value = !isObject || (inPrototype[i] && !hasOwn.call(row, key)) ? undefined : (row as Record<string, unknown>)[key];
      // Numbers and text inline: the common cells.
      let cell: string;
      if (typeof value === 'number') cell = numberCell(value);
      else if (typeof value === 'string') cell = textCell(value, guard);
      else cell = formatCell(value, guard);
      cells[i] = cell;
    }
    return joinCells(cells);
  };
}

/** Lines of `rows[from..to)`, each followed by `newline`, joined once. */
function linesOf(line: (row: unknown) => string, rows: readonly unknown[], from: number, to: number, newline: string): string {
  if (to <= from) return '';
  const lines: string[] = new Array(to - from + 1);
  for (let r = from; r < to; r++) lines[r - from] = line(rows[r]);
  lines[to - from] = '';
  return lines.join(newline);
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
  const array = Array.isArray(rows) && rows[Symbol.iterator] === Array.prototype[Symbol.iterator] ? (rows as readonly T[]) : null;
  const iterator = array === null ? rows[Symbol.iterator]() : null;
  let next = iterator === null ? null : iterator.next();
  const columns = resolveColumns(Array.isArray(rows) ? rows : next!.done ? [] : [next!.value], options.columns);
  let buffer = options.bom ? '\uFEFF' : '';
  if (columns.length === 0) {
    // Nothing to write: no columns given and no row with a writable key.
    if (buffer) yield buffer;
    return;
  }
  if (options.header ?? true) buffer += joinCells(columns.map((c) => textCell(c.header, guard))) + newline;
  const line = lineWriter(columns, guard);
  if (array !== null) {
    for (let from = 0; from < array.length; from += chunkRows) {
      const to = Math.min(array.length, from + chunkRows);
      buffer += linesOf(line, array, from, to, newline);
      if (to - from === chunkRows) {
        yield buffer;
        buffer = '';
      }
    }
  } else {
    // Other iterables: read lazily, a chunk of rows at a time.
    const batch: T[] = [];
    while (!next!.done) {
      batch.push(next!.value);
      if (batch.length === chunkRows) {
        yield buffer + linesOf(line, batch, 0, batch.length, newline);
        buffer = '';
        batch.length = 0;
      }
      next = iterator!.next();
    }
    buffer += linesOf(line, batch, 0, batch.length, newline);
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
  for (const chunk of csvChunks(rows, { ...options, chunkRows: Math.max(1, rows.length) })) out += chunk;
  return out;
}

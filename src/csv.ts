/**
 * RFC 4180 CSV writer, safe to open in spreadsheet software: quoting where needed, `null` as an
 * empty cell, shortest round-trip numbers, and a formula-injection guard on by default.
 * @module
 */
import { InvalidOptionsError } from './errors.js';

/** A column: a key of the row, optionally written under another header. */
export type CsvColumn<T> = (keyof T & string) | { readonly key: keyof T & string; readonly header: string };

/** Options of {@link toCSV} and {@link csvChunks}. */
export interface CsvOptions<T> {
  /** Columns to write, in order. Default: the keys of the first row whose values are not objects. */
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
   * Default `true`.
   */
  readonly formulaGuard?: boolean;
  /** Rows per chunk for {@link csvChunks} (default 1000). */
  readonly chunkRows?: number;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** Formats one cell. */
export function formatCell(value: unknown, formulaGuard = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  if (formulaGuard && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function resolveColumns<T>(rows: readonly T[], columns: readonly CsvColumn<T>[] | undefined): { key: string; header: string }[] {
  if (columns) {
    return columns.map((c) => {
      if (typeof c === 'string') return { key: c, header: c };
      if (c && typeof c === 'object' && typeof c.key === 'string') return { key: c.key, header: c.header ?? c.key };
      throw new InvalidOptionsError('Each CSV column is a key or { key, header }.', [{ path: 'columns', message: 'invalid column' }]);
    });
  }
  const first = rows[0];
  if (first === undefined || first === null || typeof first !== 'object') return [];
  return Object.keys(first)
    .filter((k) => {
      const v = (first as Record<string, unknown>)[k];
      return v === null || typeof v !== 'object' || v instanceof Date;
    })
    .map((k) => ({ key: k, header: k }));
}

/**
 * Writes rows as CSV in chunks of text, for streaming large outputs (each chunk ends with a line end).
 *
 * @example
 * ```ts
 * for (const chunk of csvChunks(report.influencers, { chunkRows: 500 })) stream.write(chunk);
 * ```
 */
export function* csvChunks<T>(rows: Iterable<T>, options: CsvOptions<T> = {}): Generator<string, void, undefined> {
  const newline = options.newline ?? '\n';
  if (newline !== '\n' && newline !== '\r\n') {
    throw new InvalidOptionsError('`newline` must be "\\n" or "\\r\\n".', [{ path: 'newline', message: 'invalid line end' }]);
  }
  const guard = options.formulaGuard ?? true;
  const chunkRows = Math.max(1, Math.floor(options.chunkRows ?? 1000));
  const iterator = rows[Symbol.iterator]();
  let next = iterator.next();
  const columns = resolveColumns(next.done ? [] : [next.value], options.columns);
  let buffer = options.bom ? '\uFEFF' : '';
  if (options.header ?? true) buffer += columns.map((c) => formatCell(c.header, guard)).join(',') + newline;
  let count = 0;
  while (!next.done) {
    const row = next.value as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += formatCell(row == null ? undefined : row[columns[i]!.key], guard);
    }
    buffer += line + newline;
    if (++count % chunkRows === 0) {
      yield buffer;
      buffer = '';
    }
    next = iterator.next();
  }
  if (buffer) yield buffer;
}

/**
 * Writes rows as one RFC 4180 CSV string.
 *
 * @example
 * ```ts
 * toCSV([{ id: '7', note: 'a, "b"', ctr: null, cmd: '=1+1' }]);
 * // 'id,note,ctr,cmd\n7,"a, ""b""",,\'=1+1\n'
 * ```
 */
export function toCSV<T>(rows: readonly T[], options: CsvOptions<T> = {}): string {
  let out = '';
  for (const chunk of csvChunks(rows, { ...options, chunkRows: Number.MAX_SAFE_INTEGER })) out += chunk;
  return out;
}

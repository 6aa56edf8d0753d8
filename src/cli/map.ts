/**
 * Column mappings from the command line: `--map field=column,...` (repeatable) and `--map-file
 * mapping.json` (an object of field -> column name).
 * @module
 */
import { EVENT_FIELDS, FIELDS, type EventField } from '../contract/fields.js';
import type { ColumnMapping } from '../contract/schema.js';
import { CliError, UsageError } from './cli-error.js';
import { quote } from './quote.js';

const FIELD_BY_NAME = new Map<string, EventField>(FIELDS.flatMap((f) => [[f.field.toLowerCase(), f.field] as const, [f.column, f.field] as const]));

/** The event field a name means: camelCase (`addToCart`) or snake_case (`add_to_cart`), any case. */
export function fieldNamed(name: string): EventField | undefined {
  return FIELD_BY_NAME.get(name.toLowerCase());
}

/** One `field=column` pair of a `--map` value, as written. */
interface Pair {
  readonly name: string;
  readonly column: string;
  readonly text: string;
}

/** Bad usage; `fragment` when the piece follows a pair, as the rest of a column name with a comma would. */
const bad = (text: string, fragment = false): UsageError =>
  new UsageError(
    `--map takes field=column pairs separated by commas, got ${quote(text)}.${fragment ? ' A column name with a comma goes in double quotes: cost="Spend, USD".' : ''}`,
  );

/**
 * Splits a `--map` value into pairs. Commas separate pairs; spaces around names are dropped. A
 * column name in double quotes is taken as it is between them, commas, `=` and spaces included,
 * with `""` for a quote inside (as in a CSV header): `cost="Spend, USD"`, `clicks="The ""clicks"""`.
 */
function splitPairs(spec: string): Pair[] {
  const pairs: Pair[] = [];
  let i = 0;
  const n = spec.length;
  while (i < n) {
    const start = i;
    const eq = spec.indexOf('=', i);
    const comma = spec.indexOf(',', i);
    if (eq < 0 || (comma >= 0 && comma < eq)) {
      // No `=` before the next comma: a blank piece is skipped, anything else is bad usage.
      const end = comma < 0 ? n : comma;
      if (spec.slice(start, end).trim() !== '') throw bad(spec.slice(start, end).trim(), pairs.length > 0);
      i = end + 1;
      continue;
    }
    const name = spec.slice(start, eq).trim();
    i = eq + 1;
    while (i < n && spec[i] === ' ') i++;
    let column: string;
    if (spec[i] === '"') {
      column = '';
      i++;
      for (;;) {
        const q = spec.indexOf('"', i);
        if (q < 0) throw new UsageError(`--map: the quote before ${quote(spec.slice(start).trim())} is never closed.`);
        column += spec.slice(i, q);
        if (spec[q + 1] === '"') {
          column += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      while (i < n && spec[i] === ' ') i++;
      if (i < n && spec[i] !== ',') throw new UsageError(`--map: expected a comma after the quoted column name in ${quote(spec.slice(start).trim())}.`);
    } else {
      const end = spec.indexOf(',', i);
      column = spec.slice(i, end < 0 ? n : end).trim();
      i = end < 0 ? n : end;
    }
    const text = spec.slice(start, i).trim();
    i++; // the comma
    if (!name || column.trim() === '') throw bad(text);
    pairs.push({ name, column, text });
  }
  return pairs;
}

/**
 * Parses `--map` values (`field=column,...`, repeatable). Fields are camelCase (`addToCart`) or
 * snake_case (`add_to_cart`); a field mapped twice is bad usage.
 *
 * @example
 * ```ts
 * parseMap(['addToCart=leads,purchases=orders', 'cost="Spend, USD"']);
 * // { addToCart: 'leads', purchases: 'orders', cost: 'Spend, USD' }
 * ```
 */
export function parseMap(specs: string | readonly string[] | undefined): ColumnMapping {
  const mapping: Partial<Record<EventField, string>> = {};
  const list = specs === undefined ? [] : typeof specs === 'string' ? [specs] : specs;
  for (const spec of list) {
    const pairs = splitPairs(spec);
    if (pairs.length === 0) throw bad(spec);
    for (const { name, column } of pairs) {
      const field = fieldNamed(name);
      if (field === undefined) throw new UsageError(`--map: unknown field ${quote(name)}. Fields: ${EVENT_FIELDS.join(', ')}.`);
      if (Object.prototype.hasOwnProperty.call(mapping, field)) throw new UsageError(`--map: field "${field}" is mapped twice.`);
      mapping[field] = column;
    }
  }
  return mapping;
}

/**
 * Checks the JSON of a `--map-file`: an object of field -> column name, under the same rules as
 * `--map`. Errors name the file and the key (`mapping.json: "clicks": expected a column name`).
 */
export function mappingOfJson(json: unknown, file: string): ColumnMapping {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CliError(`${file}: expected an object of field -> column name, e.g. {"addToCart": "Leads", "cost": "Spend, USD"}.`);
  }
  const mapping: Partial<Record<EventField, string>> = {};
  const keyOf: Partial<Record<EventField, string>> = {};
  for (const [key, column] of Object.entries(json)) {
    const field = fieldNamed(key);
    if (field === undefined) throw new CliError(`${file}: unknown field ${quote(key)}. Fields: ${EVENT_FIELDS.join(', ')}.`);
    if (typeof column !== 'string' || column.trim() === '') {
      throw new CliError(`${file}: ${quote(key)}: expected a column name (non-empty text), got ${typeof column === 'string' ? 'an empty string' : column === null ? 'null' : Array.isArray(column) ? 'an array' : `a ${typeof column}`}.`);
    }
    const before = keyOf[field];
    if (before !== undefined) throw new CliError(`${file}: field "${field}" is mapped twice (${quote(before)} and ${quote(key)}).`);
    keyOf[field] = key;
    mapping[field] = column;
  }
  return mapping;
}

/**
 * Validated events as columns: what every ingest path produces and the accumulator reads. Numbers are
 * typed arrays, text is dictionary-encoded (distinct values once, a code per event), so a million
 * events take well under 100 bytes each and no object is made per event. Row objects are an explicit
 * conversion ({@link eventRows}, {@link eventTableOf}).
 * @module
 */
import { InvalidInputError } from '../contract/errors.js';
import { NUMBER_FIELDS, REQUIRED_COUNT_FIELDS, TEXT_FIELDS, type NumberField, type OptionalNumberField, type RequiredNumberField, type TextField } from '../contract/fields.js';
import type { EventRow } from '../contract/types.js';

/**
 * A dictionary-encoded text column: `values[codes[i]]` is event `i`'s value, and code `-1` is null
 * (an empty cell). `values` holds each distinct value once, in order of first appearance.
 */
export interface TextColumn {
  readonly codes: Int32Array;
  readonly values: readonly string[];
}

/**
 * Validated events as columns (struct of arrays), all of `length` entries, in input order.
 * - the counts (`impressions`, `clicks`, `addToCart`, `purchases`) are `Float64Array`s of
 *   non-negative integers;
 * - optional numbers (`engagements`, `revenue`, `cost`, `followerCount`) are `Float64Array`s where `NaN` is an empty
 *   cell, or `null` when the input has no such column;
 * - `influencerId` is a {@link TextColumn} with no null; `date` (ISO `YYYY-MM-DD`), `category`,
 *   `platform` and `campaign` are text columns, or `null` when the input has no such column;
 * - `extra` holds the other columns of the input as text columns, keyed by camelCase name.
 *
 * `parseEventsCSV`, `parseEvents` and `readEventsCSV` return one as `events`; `aggregate` and
 * `analyze` read it without making an object per event.
 */
export type EventTable = {
  readonly length: number;
  readonly influencerId: TextColumn;
  readonly extra: Readonly<Record<string, TextColumn>>;
} & { readonly [K in RequiredNumberField]: Float64Array } & { readonly [K in OptionalNumberField]: Float64Array | null } & {
  readonly [K in TextField]: TextColumn | null;
};

/** A growable {@link TextColumn}: codes appended per event, values interned on first sight. */
export class TextColumnBuilder {
  codes: Int32Array;
  /** Distinct values; only ever appended to, so codes handed out stay valid. */
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  /** The code of `value` (`-1` for null), added to the dictionary on first sight. */
  codeOf(value: string | null): number {
    if (value === null) return -1;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.index.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  grow(capacity: number, length: number): void {
    const codes = new Int32Array(capacity);
    codes.set(this.codes.subarray(0, length));
    this.codes = codes;
  }
}

/** Which columns an input has: the optional fields present and the extra columns' keys. */
export interface TableShape {
  readonly fields: ReadonlySet<string>;
  readonly extras: readonly string[];
}

const REQUIRED_NUMBERS: ReadonlySet<string> = new Set(REQUIRED_COUNT_FIELDS);

/**
 * Builds an {@link EventTable} event by event. The byte scanner writes straight into {@link numbers}
 * and the text builders' codes at {@link length}; other inputs go through {@link addRow}. A builder
 * can be emptied ({@link clear}) and refilled in batches: dictionaries are kept, so codes mean the
 * same thing in every batch.
 */
export class EventTableBuilder {
  length = 0;
  private capacity: number;
  readonly numbers: { [K in NumberField]: Float64Array | null };
  readonly texts: { [K in TextField]: TextColumnBuilder | null };
  readonly ids: TextColumnBuilder;
  readonly extras: ReadonlyMap<string, TextColumnBuilder>;

  constructor(shape: TableShape, capacity = 1024) {
    this.capacity = capacity;
    this.ids = new TextColumnBuilder(capacity);
    const numbers = {} as { [K in NumberField]: Float64Array | null };
    for (const field of NUMBER_FIELDS) numbers[field] = REQUIRED_NUMBERS.has(field) || shape.fields.has(field) ? new Float64Array(capacity) : null;
    this.numbers = numbers;
    const texts = {} as { [K in TextField]: TextColumnBuilder | null };
    for (const field of TEXT_FIELDS) texts[field] = shape.fields.has(field) ? new TextColumnBuilder(capacity) : null;
    this.texts = texts;
    this.extras = new Map(shape.extras.map((key) => [key, new TextColumnBuilder(capacity)]));
  }

  /** Makes room for one more event. */
  reserve(): void {
    if (this.length < this.capacity) return;
    const capacity = this.capacity * 2;
    for (const field of NUMBER_FIELDS) {
      const column = this.numbers[field];
      if (column) {
        const grown = new Float64Array(capacity);
        grown.set(column.subarray(0, this.length));
        this.numbers[field] = grown;
      }
    }
    this.ids.grow(capacity, this.length);
    for (const field of TEXT_FIELDS) this.texts[field]?.grow(capacity, this.length);
    for (const column of this.extras.values()) column.grow(capacity, this.length);
    this.capacity = capacity;
  }

  /** Appends one validated event. */
  addRow(row: EventRow): void {
    this.reserve();
    const i = this.length;
    this.ids.codes[i] = this.ids.codeOf(row.influencerId);
    for (const field of NUMBER_FIELDS) {
      const column = this.numbers[field];
      if (column) column[i] = row[field] ?? NaN;
    }
    for (const field of TEXT_FIELDS) {
      const column = this.texts[field];
      if (column) column.codes[i] = column.codeOf(row[field] ?? null);
    }
    for (const [key, column] of this.extras) column.codes[i] = column.codeOf(Object.prototype.hasOwnProperty.call(row.extra, key) ? row.extra[key]! : null);
    this.length = i + 1;
  }

  /** The events so far as a table (views of the builder's arrays: read them before the next {@link clear}). */
  view(): EventTable {
    return this.table(false);
  }

  /** The events as a table of their own (copied to their exact length). */
  build(): EventTable {
    return this.table(true);
  }

  private table(copy: boolean): EventTable {
    const n = this.length;
    const numbers = (column: Float64Array): Float64Array => (copy ? column.slice(0, n) : column.subarray(0, n));
    const text = (b: TextColumnBuilder): TextColumn => ({ codes: copy ? b.codes.slice(0, n) : b.codes.subarray(0, n), values: copy ? [...b.values] : b.values });
    const table: Record<string, unknown> = { length: n, influencerId: text(this.ids) };
    for (const field of NUMBER_FIELDS) {
      const column = this.numbers[field];
      table[field] = column ? numbers(column) : null;
    }
    for (const field of TEXT_FIELDS) {
      const column = this.texts[field];
      table[field] = column ? text(column) : null;
    }
    const extra: Record<string, TextColumn> = Object.create(null);
    for (const [key, column] of this.extras) defineOwn(extra, key, text(column));
    table.extra = extra;
    return table as EventTable;
  }

  /** Empties the builder for the next batch; dictionaries (and so codes) are kept. */
  clear(): void {
    this.length = 0;
  }
}

/** Sets an own data property, whatever the key (`__proto__` included). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value of event `i` in a text column (null for an empty cell or a missing column). */
export function textAt(column: TextColumn | null | undefined, i: number): string | null {
  if (!column) return null;
  const code = column.codes[i]!;
  return code < 0 ? null : column.values[code]!;
}

/** The text column a dimension names: a known text field or an extra column (undefined when absent). */
export function dimensionColumn(table: EventTable, key: string): TextColumn | null {
  if ((TEXT_FIELDS as readonly string[]).includes(key)) return table[key as TextField];
  return Object.prototype.hasOwnProperty.call(table.extra, key) ? table.extra[key]! : null;
}

/**
 * The events as row objects: an explicit conversion, for code that wants one object per event
 * (`NaN` and missing columns read as `null`).
 *
 * @example
 * ```ts
 * const { events } = parseEventsCSV('influencer_id,impressions,clicks,add_to_cart,purchases\n7,100,4,1,1\n');
 * eventRows(events)[0]; // { influencerId: '7', impressions: 100, clicks: 4, ..., revenue: null, extra: {} }
 * ```
 */
export function eventRows(table: EventTable): EventRow[] {
  const out: EventRow[] = new Array(table.length);
  const extras = Object.keys(table.extra);
  const orNull = (column: Float64Array | null, i: number): number | null => {
    if (!column) return null;
    const v = column[i]!;
    return v === v ? v : null;
  };
  for (let i = 0; i < table.length; i++) {
    const extra: Record<string, string> = Object.create(null);
    for (const key of extras) {
      const value = textAt(table.extra[key], i);
      if (value !== null) defineOwn(extra, key, value);
    }
    out[i] = {
      influencerId: textAt(table.influencerId, i)!,
      impressions: table.impressions[i]!,
      clicks: table.clicks[i]!,
      addToCart: table.addToCart[i]!,
      purchases: table.purchases[i]!,
      engagements: orNull(table.engagements, i),
      revenue: orNull(table.revenue, i),
      cost: orNull(table.cost, i),
      date: textAt(table.date, i),
      category: textAt(table.category, i),
      platform: textAt(table.platform, i),
      campaign: textAt(table.campaign, i),
      followerCount: orNull(table.followerCount, i),
      extra,
    };
  }
  return out;
}

/**
 * Validated events as plain columns (arrays of values): an easy way to hand over data that is
 * already clean. In `revenue`, `cost` and `followerCount`, `null` or `NaN` means "no value".
 */
export interface EventColumns {
  readonly influencerId: ArrayLike<string>;
  readonly impressions: ArrayLike<number>;
  readonly clicks: ArrayLike<number>;
  readonly addToCart: ArrayLike<number>;
  readonly purchases: ArrayLike<number>;
  readonly engagements?: ArrayLike<number | null>;
  readonly revenue?: ArrayLike<number | null>;
  readonly cost?: ArrayLike<number | null>;
  readonly date?: ArrayLike<string | null>;
  readonly category?: ArrayLike<string | null>;
  readonly platform?: ArrayLike<string | null>;
  readonly campaign?: ArrayLike<string | null>;
  readonly followerCount?: ArrayLike<number | null>;
  /** Extra string dimensions by camelCase name. */
  readonly extra?: Readonly<Record<string, ArrayLike<string | null>>>;
}

/** Whether `input` is an {@link EventTable} (its id column is dictionary-encoded). */
export function isEventTable(input: unknown): input is EventTable {
  if (input === null || typeof input !== 'object') return false;
  const ids = (input as { influencerId?: unknown }).influencerId as TextColumn | undefined;
  return typeof (input as EventTable).length === 'number' && !!ids && ids.codes instanceof Int32Array && Array.isArray(ids.values);
}

/** Whether `input` is {@link EventColumns} (an object with an array-like id column). */
export function isEventColumns(input: unknown): input is EventColumns {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || isEventTable(input)) return false;
  const ids = (input as { influencerId?: unknown }).influencerId;
  return ids !== null && typeof ids === 'object' && typeof (ids as ArrayLike<unknown>).length === 'number';
}

/**
 * Validated events in any of the accepted shapes as an {@link EventTable}: a table is returned as it
 * is; row objects ({@link EventRow}s) and {@link EventColumns} are converted (values read as they
 * are, as validated events). Columns of the wrong length are a typed error naming the column.
 * `keep` names the text columns (known text fields and extra columns) row objects need to give;
 * by default every one.
 *
 * @example
 * ```ts
 * const table = eventTableOf([{ influencerId: 'ana', impressions: 100, clicks: 3, addToCart: 1, purchases: 1, revenue: 20,
 *   cost: null, date: null, category: null, platform: null, campaign: null, followerCount: null, extra: {} }]);
 * table.influencerId.values; // ['ana']
 * ```
 */
export function eventTableOf(input: EventTable | readonly EventRow[] | EventColumns, keep?: readonly string[]): EventTable {
  if (isEventTable(input)) return input;
  if (Array.isArray(input)) return tableOfRows(input as readonly EventRow[], keep ? new Set(keep) : null);
  if (isEventColumns(input)) return tableOfColumns(input);
  throw new InvalidInputError('Expected validated events: an event table, an array of event rows, or event columns.');
}

function tableOfRows(rows: readonly EventRow[], keep: ReadonlySet<string> | null): EventTable {
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object') throw new InvalidInputError('Expected validated event rows: an array of objects.');
  }
  // Column by column: one property read per loop keeps each loop's access monomorphic, and
  // consecutive rows that repeat a text (a date, a category) skip the dictionary lookup.
  const text = (value: (row: EventRow) => string | null | undefined): TextColumn | null => {
    const builder = new TextColumnBuilder(n);
    let any = false;
    let last: string | null | undefined = undefined;
    let lastCode = -1;
    for (let i = 0; i < n; i++) {
      const v = value(rows[i]!) ?? null;
      if (v !== last) {
        last = v;
        lastCode = builder.codeOf(v);
        if (v !== null) any = true;
      }
      builder.codes[i] = lastCode;
    }
    return any ? { codes: builder.codes, values: builder.values } : null;
  };
  const numbers = (field: NumberField): Float64Array | null => {
    const out = new Float64Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![field];
      if (v === null || v === undefined) out[i] = NaN;
      else {
        out[i] = v;
        any = true;
      }
    }
    return any || REQUIRED_NUMBERS.has(field) ? out : null;
  };
  const table: Record<string, unknown> = { length: n, influencerId: text((row) => row.influencerId) ?? { codes: new Int32Array(0), values: [] } };
  for (const field of NUMBER_FIELDS) table[field] = numbers(field);
  for (const field of TEXT_FIELDS) table[field] = keep && !keep.has(field) ? null : text((row) => row[field]);
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const extra = rows[i]!.extra;
    if (extra) for (const key of Object.keys(extra)) if (!keep || keep.has(key)) keys.add(key);
  }
  const extra: Record<string, TextColumn> = Object.create(null);
  for (const key of keys) {
    const column = text((row) => (row.extra && Object.prototype.hasOwnProperty.call(row.extra, key) ? row.extra[key]! : null));
    if (column) defineOwn(extra, key, column);
  }
  table.extra = extra;
  return table as EventTable;
}

function tableOfColumns(columns: EventColumns): EventTable {
  const n = columns.influencerId.length;
  const check = (key: string, column: ArrayLike<unknown> | undefined, required: boolean): void => {
    if (column === undefined) {
      if (required) throw new InvalidInputError(`aggregate: the column "${key}" is missing.`, { column: key });
      return;
    }
    if (column === null || typeof column.length !== 'number' || column.length !== n) {
      throw new InvalidInputError(`aggregate: the column "${key}" has ${column?.length ?? 'no'} values, influencerId has ${n}.`, { column: key });
    }
  };
  for (const field of NUMBER_FIELDS) check(field, columns[field], REQUIRED_NUMBERS.has(field));
  for (const field of TEXT_FIELDS) check(field, columns[field], false);
  const extra = columns.extra ?? {};
  for (const key of Object.keys(extra)) check(key, extra[key], false);
  const text = (values: ArrayLike<string | null>): TextColumn => {
    const builder = new TextColumnBuilder(n);
    for (let i = 0; i < n; i++) builder.codes[i] = builder.codeOf(values[i] ?? null);
    return { codes: builder.codes, values: builder.values };
  };
  const numbers = (values: ArrayLike<number | null>): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = values[i] ?? NaN;
    return out;
  };
  const table: Record<string, unknown> = { length: n, influencerId: text(columns.influencerId) };
  for (const field of NUMBER_FIELDS) {
    const column = columns[field];
    table[field] = column === undefined ? null : numbers(column);
  }
  for (const field of TEXT_FIELDS) {
    const column = columns[field];
    table[field] = column === undefined ? null : text(column);
  }
  const extraColumns: Record<string, TextColumn> = Object.create(null);
  for (const key of Object.keys(extra)) defineOwn(extraColumns, key, text(extra[key]!));
  table.extra = extraColumns;
  return table as EventTable;
}

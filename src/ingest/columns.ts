/**
 * Header resolution: which input column feeds which event field.
 * @module
 */
import { DuplicateColumnError, MissingColumnError } from '../errors.js';
import { camelCase, FIELDS, foldHeader, type EventField } from '../fields.js';
import type { ColumnMapping } from '../schema.js';
import type { ColumnReport } from './report.js';

/** Where each field is read from: a column index (CSV) or a property key (objects). */
export interface ColumnPlan {
  /** Field -> index into the header, or -1 when absent. */
  readonly index: Readonly<Record<EventField, number>>;
  /** Extra string dimensions: camelCase key and header index. */
  readonly extras: readonly { readonly key: string; readonly index: number }[];
  readonly report: ColumnReport;
}

/** Common names in real exports, used to suggest a mapping when a required column is missing. */
const SYNONYMS: Partial<Record<EventField, readonly string[]>> = {
  influencerId: ['influencer', 'creator_id', 'creator', 'handle', 'id', 'influencer_name', 'account'],
  impressions: ['views', 'reach', 'impr', 'impression'],
  clicks: ['link_clicks', 'click', 'clicks_all', 'sessions'],
  addToCart: ['leads', 'add_to_carts', 'atc', 'carts', 'addtocart', 'cart_adds'],
  purchases: ['orders', 'conversions', 'sales', 'purchase', 'transactions'],
  revenue: ['sales_amount', 'gmv', 'order_value', 'conversion_value', 'income'],
  cost: ['spend', 'amount_spent', 'fee', 'budget'],
};

/**
 * Resolves a header against the known fields and a mapping. Header cells match after trimming
 * and case-folding, by the snake_case column name or the camelCase field name.
 *
 * @throws {MissingColumnError} when a required (or mapped) column is absent.
 * @throws {DuplicateColumnError} when two cells resolve to the same field or extra key.
 */
export function planColumns(header: readonly string[], mapping: ColumnMapping = {}): ColumnPlan {
  const folded = header.map(foldHeader);
  const index = {} as Record<EventField, number>;
  const taken = new Set<number>();
  const ignored = new Set<number>();
  const mapped: Record<string, string> = {};
  const missing: EventField[] = [];

  for (const spec of FIELDS) {
    const target = mapping[spec.field];
    const names = target !== undefined ? [foldHeader(target)] : [foldHeader(spec.column), foldHeader(spec.field)];
    const hits = folded.flatMap((name, i) => (names.includes(name) ? [i] : []));
    if (hits.length > 1) throw new DuplicateColumnError(header[hits[1]!]!, header);
    const hit = hits[0] ?? -1;
    index[spec.field] = hit;
    if (hit >= 0) {
      taken.add(hit);
      mapped[spec.field] = header[hit]!;
    } else if (spec.required || target !== undefined) {
      missing.push(spec.field);
    }
    if (target !== undefined) {
      // A default-named column superseded by a mapping is not read (and not an extra either).
      folded.forEach((name, i) => {
        if (i !== hit && (name === foldHeader(spec.column) || name === foldHeader(spec.field))) ignored.add(i);
      });
    }
  }

  if (missing.length > 0) throw new MissingColumnError(
    missing.map((f) => mapping[f] ?? FIELDS.find((s) => s.field === f)!.column),
    header,
    suggestMapping(missing, header, folded, taken),
  );

  const extras: { key: string; index: number }[] = [];
  const extraReport: Record<string, string> = Object.create(null) as Record<string, string>;
  const extraKeys = new Map<string, number>();
  folded.forEach((name, i) => {
    if (taken.has(i) || ignored.has(i)) return;
    const key = camelCase(header[i]!);
    if (name === '' || key === '') {
      ignored.add(i);
      return;
    }
    if (extraKeys.has(key)) throw new DuplicateColumnError(header[i]!, header);
    extraKeys.set(key, i);
    extras.push({ key, index: i });
    extraReport[key] = header[i]!;
  });

  return {
    index,
    extras,
    report: {
      found: [...header],
      mapped,
      extra: { ...extraReport },
      ignored: [...ignored].sort((a, b) => a - b).map((i) => header[i]!),
    },
  };
}

function suggestMapping(missing: readonly EventField[], header: readonly string[], folded: readonly string[], taken: Set<number>): string {
  const hints: string[] = [];
  for (const field of missing) {
    const candidates = SYNONYMS[field] ?? [];
    const i = folded.findIndex((name, i) => !taken.has(i) && candidates.includes(name.replace(/[\s-]+/g, '_')));
    if (i >= 0) hints.push(`${field}: '${header[i]}'`);
  }
  const example = hints.length
    ? `{ ${hints.join(', ')} }`
    : `{ ${missing.map((f) => `${f}: '<your column>'`).join(', ')} }`;
  const cli = hints.length ? hints.map((h) => h.replace(/: '(.*)'$/, '=$1')).join(',') : missing.map((f) => `${f}=<column>`).join(',');
  return `Map ${hints.length ? 'them' : 'the fields'} with the \`columns\` option, e.g. columns: ${example} (CLI: --map ${cli}).`;
}

/** Builds a plan for object records from the keys of the first record. */
export function planObjectKeys(keys: readonly string[], mapping: ColumnMapping = {}): ColumnPlan {
  return planColumns(keys, mapping);
}

export { camelCase };

/**
 * The event-row fields, their CSV column names and value kinds. Zod-free so that the ingest hot
 * path and small bundles do not carry the schema library.
 * @module
 */

/** Value kinds of event-row fields. */
export type FieldKind = 'id' | 'count' | 'money' | 'date' | 'text' | 'integer';

/** A field of the event row. */
export interface FieldSpec {
  /** camelCase name in TypeScript. */
  readonly field: EventField;
  /** snake_case column name in CSV. */
  readonly column: string;
  readonly kind: FieldKind;
  readonly required: boolean;
}

/** Names of the known event-row fields (extra columns become string dimensions). */
export type EventField =
  | 'influencerId'
  | 'impressions'
  | 'clicks'
  | 'addToCart'
  | 'purchases'
  | 'engagements'
  | 'revenue'
  | 'cost'
  | 'date'
  | 'category'
  | 'platform'
  | 'campaign'
  | 'followerCount';

const FIELD_LIST = [
  { field: 'influencerId', column: 'influencer_id', kind: 'id', required: true },
  { field: 'impressions', column: 'impressions', kind: 'count', required: true },
  { field: 'clicks', column: 'clicks', kind: 'count', required: true },
  { field: 'addToCart', column: 'add_to_cart', kind: 'count', required: true },
  { field: 'purchases', column: 'purchases', kind: 'count', required: true },
  { field: 'engagements', column: 'engagements', kind: 'count', required: false },
  { field: 'revenue', column: 'revenue', kind: 'money', required: false },
  { field: 'cost', column: 'cost', kind: 'money', required: false },
  { field: 'date', column: 'date', kind: 'date', required: false },
  { field: 'category', column: 'category', kind: 'text', required: false },
  { field: 'platform', column: 'platform', kind: 'text', required: false },
  { field: 'campaign', column: 'campaign', kind: 'text', required: false },
  { field: 'followerCount', column: 'follower_count', kind: 'integer', required: false },
] as const satisfies readonly FieldSpec[];

/** The known fields in canonical column order: the one list the ingest, the event table and the report derive from. */
export const FIELDS: readonly FieldSpec[] = Object.freeze(FIELD_LIST);

type FieldEntry = (typeof FIELD_LIST)[number];
/** Fields held as numbers: counts, money and the follower count. */
export type NumberField = Extract<FieldEntry, { kind: 'count' | 'money' | 'integer' }>['field'];
/** Numeric fields every event has (the required counts). */
export type RequiredNumberField = Extract<FieldEntry, { kind: 'count'; required: true }>['field'];
/** Numeric fields an export may lack (revenue, cost, follower count). */
export type OptionalNumberField = Exclude<NumberField, RequiredNumberField>;
/** Fields held as text: the date (ISO) and the text dimensions. */
export type TextField = Extract<FieldEntry, { kind: 'date' | 'text' }>['field'];

/** The numeric fields, in column order. */
export const NUMBER_FIELDS: readonly NumberField[] = Object.freeze(
  FIELD_LIST.filter((f): f is Extract<FieldEntry, { kind: 'count' | 'money' | 'integer' }> => f.kind === 'count' || f.kind === 'money' || f.kind === 'integer').map((f) => f.field),
);
/** The text fields (date and dimensions), in column order. */
export const TEXT_FIELDS: readonly TextField[] = Object.freeze(
  FIELD_LIST.filter((f): f is Extract<FieldEntry, { kind: 'date' | 'text' }> => f.kind === 'date' || f.kind === 'text').map((f) => f.field),
);
/** The count fields (non-negative integers summed per influencer), in column order. */
export const COUNT_FIELDS: readonly NumberField[] = Object.freeze(FIELD_LIST.filter((f) => f.kind === 'count').map((f) => f.field));
/** The counts every event has. */
export const REQUIRED_COUNT_FIELDS: readonly RequiredNumberField[] = Object.freeze(
  FIELD_LIST.filter((f): f is Extract<FieldEntry, { kind: 'count'; required: true }> => f.kind === 'count' && f.required).map((f) => f.field),
);
/** The optional fields, in column order: what a row may leave empty (and the report counts as null). */
export const OPTIONAL_FIELDS: readonly EventField[] = Object.freeze(FIELD_LIST.filter((f) => !f.required).map((f) => f.field));

/** Names of the known fields. */
export const EVENT_FIELDS: readonly EventField[] = Object.freeze(FIELDS.map((f) => f.field));

/**
 * Key of an extra column: `add_to_cart` -> `addToCart`, `Campaign Type` -> `campaignType`,
 * `Amount spent (USD)` -> `amountSpentUsd`, `URL` -> `url`; already camelCase names are kept. Words
 * are runs of letters and digits in any script; a name with none (`#`, an emoji) gives `''`.
 */
export function camelCase(name: string): string {
  const words = name.trim().split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 0);
  let out = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word === word.toUpperCase() ? word.toLowerCase() : word.charAt(0).toLowerCase() + word.slice(1);
    out += i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
  }
  return out;
}

/** `addToCart` -> `add_to_cart`. */
export function snakeCase(name: string): string {
  return name.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2').toLowerCase();
}

/**
 * How header cells are compared: Unicode NFC, trimmed, case-folded, and runs of spaces, hyphens,
 * underscores and dots read as one `_` (so `Add to cart`, `add-to-cart` and `ADD_TO_CART` match
 * `add_to_cart`).
 */
export function foldHeader(name: string): string {
  return name.normalize('NFC').trim().toLowerCase().replace(/[\s._-]+/gu, '_');
}

/**
 * Header resolution: which input column feeds which event field.
 * @module
 */
import { DuplicateColumnError, InvalidOptionsError, MissingColumnError } from '../contract/errors.js';
import { camelCase, FIELDS, foldHeader, type EventField } from '../contract/fields.js';
import type { ColumnMapping } from '../contract/schema.js';
import type { ColumnReport } from './report.js';

/** Where each field is read from: a column index (CSV) or a property key (objects). */
export interface ColumnPlan {
  /** Field -> index into the header, or -1 when absent. */
  readonly index: Readonly<Record<EventField, number>>;
  /** Extra string dimensions: camelCase key and header index. */
  readonly extras: readonly { readonly key: string; readonly index: number }[];
  readonly report: ColumnReport;
}

/** Common names in real exports (folded), used to suggest a mapping when a required column is missing. */
const SYNONYMS: Readonly<Record<EventField, readonly string[]>> = {
  influencerId: ['influencer', 'creator_id', 'creator', 'handle', 'id', 'influencer_name', 'creator_name', 'account', 'account_id', 'partner_id', 'affiliate_id', 'publisher_id', 'username'],
  impressions: ['views', 'reach', 'impr', 'impr_', 'impression', 'video_views', 'plays'],
  clicks: ['link_clicks', 'click', 'clicks_all', 'outbound_clicks', 'sessions', 'visits', 'swipe_ups'],
  addToCart: ['leads', 'lead', 'add_to_carts', 'adds_to_cart', 'atc', 'carts', 'addtocart', 'cart_adds', 'signups', 'sign_ups', 'registrations'],
  purchases: ['orders', 'order', 'conversions', 'sales', 'purchase', 'transactions', 'checkouts'],
  engagements: ['engagement', 'interactions', 'total_engagements', 'engagement_count'],
  revenue: ['sales_amount', 'gmv', 'order_value', 'conversion_value', 'purchase_value', 'income', 'total_sales', 'revenue_usd'],
  cost: ['spend', 'amount_spent', 'fee', 'fees', 'budget', 'payout', 'media_cost'],
  date: ['day', 'reporting_starts', 'report_date', 'date_start', 'posted_at', 'created_at'],
  category: ['niche', 'vertical', 'content_category'],
  platform: ['channel', 'network', 'source', 'publisher_platform'],
  campaign: ['campaign_name', 'campaign_id'],
  followerCount: ['followers', 'follower', 'audience', 'audience_size', 'subscribers', 'followers_count'],
};

/** Word stems that hint at a field inside a longer header (`Amount spent (USD)`, `Link clicks (all)`). */
const STEMS: Readonly<Record<EventField, readonly string[]>> = {
  influencerId: ['influencer', 'creator', 'handle'],
  impressions: ['impression', 'impr', 'views'],
  clicks: ['click'],
  addToCart: ['cart', 'lead'],
  purchases: ['purchase', 'order', 'conversion'],
  engagements: ['engagements', 'interaction'],
  revenue: ['revenue', 'value', 'sales'],
  cost: ['spend', 'spent', 'cost'],
  date: ['date', 'day'],
  category: ['category'],
  platform: ['platform'],
  campaign: ['campaign'],
  followerCount: ['follower'],
};

function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `'Amount spent'` -> `"'Amount spent'"` for a TS example; quotes escaped. */
const tsString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A `--map` argument, shell-quoted when it needs to be. */
const shellArg = (s: string): string => (/^[\w=,.:/@+-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Resolves a header against the known fields and a mapping. Header cells match after trimming,
 * case-folding and reading runs of spaces, hyphens, underscores and dots as `_` (see `foldHeader`),
 * by the snake_case column name or the camelCase field name. A mapped name that several cells
 * match after folding picks the one that matches it exactly (`columns: { clicks: 'Clicks' }`
 * when a header has both `Clicks` and `clicks `). A column that a mapping replaces is not read.
 * Every other column becomes an extra string dimension keyed by its camelCase name.
 *
 * @throws {MissingColumnError} when a required (or mapped) column is absent; the message lists the
 *   columns found and suggests the mapping.
 * @throws {DuplicateColumnError} when two cells resolve to the same field or extra key.
 * @throws {InvalidOptionsError} when the mapping makes one column feed two fields.
 *
 * @example
 * ```ts
 * const plan = planColumns(['Influencer ID', 'Impressions', 'Clicks', 'Leads', 'Orders', 'Spend'], {
 *   addToCart: 'leads', purchases: 'orders', cost: 'spend',
 * });
 * plan.index.addToCart; // 3
 * plan.report.mapped.cost; // 'Spend'
 * ```
 */
export function planColumns(header: readonly string[], mapping: ColumnMapping = {}): ColumnPlan {
  const folded = header.map((h) => foldHeader(String(h)));
  const index = {} as Record<EventField, number>;
  const owner = new Map<number, EventField>();
  const ignored = new Set<number>();
  const mapped: Record<string, string> = {};
  const missing: EventField[] = [];

  for (const spec of FIELDS) {
    const target = hasOwn(mapping, spec.field) ? mapping[spec.field] : undefined;
    const names = target !== undefined ? [foldHeader(target)] : [foldHeader(spec.column), foldHeader(spec.field)];
    let hits: number[] = [];
    folded.forEach((name, i) => {
      if (names.includes(name)) hits.push(i);
    });
    if (hits.length > 1 && target !== undefined) {
      const exact = hits.filter((i) => header[i]!.trim() === target.trim());
      if (exact.length === 1) hits = exact;
    }
    if (hits.length > 1) throw duplicateError(spec.field, hits, header, target !== undefined);
    const hit = hits[0] ?? -1;
    index[spec.field] = hit;
    if (hit >= 0) {
      const other = owner.get(hit);
      if (other !== undefined) {
        throw new InvalidOptionsError(
          `Fields "${other}" and "${spec.field}" would both read column "${header[hit]}": map one of them to another column with the \`columns\` option.`,
          [{ path: `columns.${spec.field}`, message: `column "${header[hit]}" already feeds "${other}"` }],
        );
      }
      owner.set(hit, spec.field);
      mapped[spec.field] = header[hit]!;
    } else if (spec.required || target !== undefined) {
      missing.push(spec.field);
    }
    if (target !== undefined) {
      // The default-named columns of a mapped field are not read (and are not extras either).
      const defaults = [foldHeader(spec.column), foldHeader(spec.field)];
      folded.forEach((name, i) => {
        if (i !== hit && !owner.has(i) && defaults.includes(name)) ignored.add(i);
      });
    }
  }
  for (const i of owner.keys()) ignored.delete(i);

  if (missing.length > 0) {
    const columnOf = (f: EventField) => (hasOwn(mapping, f) ? mapping[f]! : FIELDS.find((s) => s.field === f)!.column);
    const required = (f: EventField) => FIELDS.find((s) => s.field === f)!.required;
    // Required fields first, then optional fields whose mapped column is absent ("mapped", not "required").
    const ordered = [...missing.filter(required), ...missing.filter((f) => !required(f))];
    throw new MissingColumnError(
      ordered.map(columnOf),
      header.map(String),
      suggestMapping(missing, header, folded, owner),
      ordered.filter((f) => !required(f)).map(columnOf),
    );
  }

  const extras: { key: string; index: number }[] = [];
  const extraReport: Record<string, string> = Object.create(null) as Record<string, string>;
  const extraKeys = new Map<string, number>();
  folded.forEach((name, i) => {
    if (owner.has(i) || ignored.has(i)) return;
    const cell = String(header[i]);
    const key = camelCase(cell) || cell.trim();
    if (name === '' || key === '') {
      ignored.add(i);
      return;
    }
    const first = extraKeys.get(key);
    if (first !== undefined) {
      const cells = [header[first]!, cell];
      throw new DuplicateColumnError(
        cell,
        header,
        cells[0]!.trim() === cells[1]!.trim()
          ? 'Rename one of them in the file: identical names cannot be told apart.'
          : `Both would become the extra dimension "${key}": rename one of them in the file.`,
        cells,
      );
    }
    extraKeys.set(key, i);
    extras.push({ key, index: i });
    extraReport[key] = cell;
  });

  return {
    index,
    extras,
    report: {
      found: header.map(String),
      mapped,
      extra: { ...extraReport },
      ignored: [...ignored].sort((a, b) => a - b).map((i) => header[i]!),
    },
  };
}

function duplicateError(field: EventField, hits: readonly number[], header: readonly string[], wasMapped: boolean): DuplicateColumnError {
  const cells = hits.map((i) => header[i]!);
  const distinct = new Set(cells.map((c) => c.trim()));
  let suggestion: string;
  if (distinct.size === cells.length) {
    const pick = cells[0]!.trim();
    suggestion =
      `Choose the one to read as ${field} with the \`columns\` option, e.g. columns: { ${field}: ${tsString(pick)} } ` +
      `(CLI: --map ${shellArg(`${field}=${pick}`)}); the other is then ignored.`;
  } else {
    suggestion =
      `Rename one of them in the file: identical names cannot be told apart` +
      (wasMapped ? '.' : `, or map ${field} to another column with the \`columns\` option.`);
  }
  return new DuplicateColumnError(cells[1]!, header, suggestion, cells);
}

function suggestMapping(
  missing: readonly EventField[],
  header: readonly string[],
  folded: readonly string[],
  owner: ReadonlyMap<number, EventField>,
): string {
  const used = new Set<number>(owner.keys());
  const guess = (field: EventField): number => {
    const synonyms = SYNONYMS[field];
    let at = folded.findIndex((name, i) => !used.has(i) && synonyms.includes(name));
    if (at < 0) {
      const stems = STEMS[field];
      at = folded.findIndex((name, i) => !used.has(i) && stems.some((stem) => name.includes(stem)));
    }
    if (at >= 0) used.add(at);
    return at;
  };
  const hints: [EventField, string][] = [];
  for (const field of missing) {
    const at = guess(field);
    if (at >= 0) hints.push([field, header[at]!.trim()]);
  }
  // Optional fields that are absent but look present under another name (spend, conversion value...).
  const optional: [EventField, string][] = [];
  for (const spec of FIELDS) {
    if (spec.required || missing.includes(spec.field) || [...owner.values()].includes(spec.field)) continue;
    const at = guess(spec.field);
    if (at >= 0) optional.push([spec.field, header[at]!.trim()]);
  }
  const delimiterHint =
    header.length === 1 && /[;\t|]/.test(header[0] ?? '')
      ? ' The header has a single column containing ";", a tab or "|": the file looks delimited by something other than commas; save it as comma-separated CSV.'
      : '';
  const unsuggested = missing.filter((f) => !hints.some(([h]) => h === f));
  const parts = [...hints.map(([f, c]) => [f, tsString(c)] as const), ...unsuggested.map((f) => [f, "'<your column>'"] as const)];
  const cli = [...hints.map(([f, c]) => `${f}=${c}`), ...unsuggested.map((f) => `${f}=<column>`)].join(',');
  const example = `{ ${parts.map(([f, c]) => `${f}: ${c}`).join(', ')} }`;
  const optionalHint = optional.length
    ? ` Optional fields that may be there under another name: ${optional.map(([f, c]) => `${f}: ${tsString(c)}`).join(', ')} (CLI: --map ${shellArg(optional.map(([f, c]) => `${f}=${c}`).join(','))}).`
    : '';
  return `Map ${hints.length ? 'them' : 'the fields'} with the \`columns\` option, e.g. columns: ${example} (CLI: --map ${shellArg(cli)}).${optionalHint}${delimiterHint}`;
}

/** Builds a plan for object records from their keys. */
export function planObjectKeys(keys: readonly string[], mapping: ColumnMapping = {}): ColumnPlan {
  return planColumns(keys, mapping);
}

export { camelCase };

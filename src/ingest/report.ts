/**
 * The row report: every input row is either used or rejected with a reason, so
 * `rows === used + rejected` always holds. Funnel anomalies are counted, not dropped.
 * @module
 */
import { compareIds } from '../base/ids.js';
import { NoUsableRowError, shownText } from '../contract/errors.js';
import { REASON_TEXT, REJECT_REASONS, type RejectReason } from './values.js';

/** One rejected cell. `line` is the 1-based physical line in a CSV (header = 1) or the 1-based record number. */
export interface RowError {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly reason: RejectReason;
  readonly message: string;
}

/** Kinds of funnel anomaly: rows that are kept but break funnel order. */
export type AnomalyKind = 'clicksOverImpressions' | 'addToCartOverClicks' | 'purchasesOverAddToCart' | 'conversionsWithoutClicks';

/** Every anomaly kind, in report order. */
export const ANOMALY_KINDS: readonly AnomalyKind[] = Object.freeze([
  'clicksOverImpressions',
  'addToCartOverClicks',
  'purchasesOverAddToCart',
  'conversionsWithoutClicks',
]);

/** How input columns were read. */
export interface ColumnReport {
  /** Header cells as found. */
  readonly found: readonly string[];
  /** Event field -> the column it was read from. */
  readonly mapped: Readonly<Record<string, string>>;
  /** Extra columns kept as string dimensions (camelCase key -> column). */
  readonly extra: Readonly<Record<string, string>>;
  /** Columns not read (a default column superseded by a mapping). */
  readonly ignored: readonly string[];
}

/** What happened to every input row. */
export interface RowReport {
  /** Data rows read (blank lines are not rows). */
  readonly rows: number;
  readonly used: number;
  readonly rejected: number;
  /** Rejected rows by reason (a row counts once, under its first failing cell). */
  readonly reasons: Readonly<Record<RejectReason, number>>;
  /** Used rows that break funnel order, by kind (a row can count under several kinds). */
  readonly anomalies: Readonly<Record<AnomalyKind, number>>;
  /** Empty optional cells read as `null`, by field (or extra column key). */
  readonly nulls: Readonly<Record<string, number>>;
  /** Blank lines skipped in CSV input: empty lines and lines of only separators (`,,,`). They are not rows. */
  readonly blankLines: number;
  /** The first `maxErrors` rejections, in input order. */
  readonly errors: readonly RowError[];
  readonly columns: ColumnReport;
  /**
   * Influencer ids that differ only by case, surrounding white space or Unicode normalisation
   * (`Ana`, `ana `, NFC and NFD `José`): each group with its rows per id. They stay separate
   * influencers unless `idNormalization` merges them. At most 50
   * groups, first ids in id order; `nearDuplicateIdGroups` counts them all. Found by `analyze`
   * among the influencers' ids (after any `idNormalization`), so every reader's report gets them
   * alike; the readers' own reports leave them out.
   */
  readonly nearDuplicateIds?: readonly NearDuplicateIds[];
  /** How many groups of near-duplicate ids there are (also those beyond the ones listed). */
  readonly nearDuplicateIdGroups?: number;
}

/** One group of influencer ids that differ only by case, surrounding white space or Unicode normalisation. */
export interface NearDuplicateIds {
  /** The ids as read, in id order. */
  readonly ids: readonly string[];
  /** Rows read under each id, in the order of `ids`. */
  readonly rows: readonly number[];
}

/** How many groups of near-duplicate ids a row report lists. */
export const NEAR_DUPLICATE_GROUPS_KEPT = 50;

/** The key ids share when they differ only by case, surrounding white space or Unicode normalisation. */
const looseKey = (id: string): string => id.trim().normalize('NFC').toLowerCase().normalize('NFC');

/**
 * Groups of distinct ids that differ only by case, surrounding white space or Unicode
 * normalisation, with the rows of each id (`rowsOf(i)` for `ids[i]`): at most `kept` groups, in id
 * order of their first ids, and the count of all groups. @internal
 */
export function nearDuplicateIdsOf(
  ids: readonly string[],
  rowsOf: (i: number) => number,
  kept = NEAR_DUPLICATE_GROUPS_KEPT,
): { nearDuplicateIds: NearDuplicateIds[]; nearDuplicateIdGroups: number } {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < ids.length; i++) {
    const key = looseKey(ids[i]!);
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [i]);
    else members.push(i);
  }
  const groups: number[][] = [];
  for (const members of byKey.values()) {
    if (members.length > 1) groups.push(members.sort((a, b) => compareIds(ids[a]!, ids[b]!)));
  }
  groups.sort((a, b) => compareIds(ids[a[0]!]!, ids[b[0]!]!));
  return {
    nearDuplicateIds: groups.slice(0, kept).map((members) => ({ ids: members.map((i) => ids[i]!), rows: members.map(rowsOf) })),
    nearDuplicateIdGroups: groups.length,
  };
}

/** A hint per reject reason, for when every row was rejected for it. */
const NO_USABLE_ROW_HINT: Readonly<Record<RejectReason, string>> = Object.freeze({
  missing_id: 'check which column holds the influencer id (columns: { influencerId }; CLI: --map influencerId=COLUMN)',
  empty: 'check the column mapping (columns option; CLI: --map field=column)',
  not_a_number: 'check the delimiter (CLI: --delimiter) and the column mapping; numbers take no thousands separators or currency signs',
  not_finite: 'check the column mapping (columns option; CLI: --map field=column)',
  negative: 'check the column mapping (columns option; CLI: --map field=column)',
  not_an_integer: 'check the column mapping (columns option; CLI: --map field=column): counts are whole numbers',
  too_large: 'check the column mapping (columns option; CLI: --map field=column)',
  invalid_date: 'check dateFormat (CLI: --date-format)',
  invalid_type: 'check the types of the values (numbers or text)',
  field_count: 'check the delimiter (CLI: --delimiter) and the quoting of fields',
  malformed_quotes: 'check the quoting of fields and the delimiter (CLI: --delimiter)',
});

/**
 * The error of a report whose rows were all rejected (none used), naming the main reasons with
 * their counts, a hint for the main one and the first rejection; `null` when a row was used or
 * there was no data row at all (a header only). @internal
 */
export function noUsableRowError(report: RowReport): NoUsableRowError | null {
  if (report.rows === 0 || report.used > 0) return null;
  const reasons = REJECT_REASONS.filter((r) => report.reasons[r] > 0).sort((a, b) => report.reasons[b] - report.reasons[a]);
  const top = reasons.slice(0, 3).map((r) => `${report.reasons[r]} ${r.replace(/_/g, ' ')}`);
  if (reasons.length > 3) top.push(`${reasons.slice(3).reduce((n, r) => n + report.reasons[r], 0)} other`);
  const rows = report.rows === 1 ? 'the 1 row read was rejected' : `all ${report.rows} rows read were rejected`;
  const first = report.errors[0];
  const main = reasons[0];
  return new NoUsableRowError(
    report,
    `No usable row: ${rows}${top.length ? ` (${top.join(', ')})` : ''}.` +
      (main !== undefined ? ` Hint: ${NO_USABLE_ROW_HINT[main]}.` : '') +
      (first ? ` First rejection: ${first.message}.` : ''),
  );
}

/** Mutable report under construction. */
export class ReportBuilder {
  rows = 0;
  used = 0;
  rejected = 0;
  blankLines = 0;
  readonly reasons: Record<RejectReason, number>;
  readonly anomalies: Record<AnomalyKind, number>;
  /** Keyed by field or extra column name: a Map, so that any name (`__proto__`, `constructor`) is safe. */
  private readonly nullCounts = new Map<string, number>();
  readonly errors: RowError[] = [];

  /**
   * @param columns how the input columns were read
   * @param maxErrors how many rejections the error sample keeps (counts are always complete)
   * @param unit what `line` counts in messages: physical `line`s of a CSV, or `record`s of an array
   */
  constructor(
    readonly columns: ColumnReport,
    private readonly maxErrors = 100,
    private readonly unit: 'line' | 'record' = 'line',
  ) {
    this.reasons = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    this.anomalies = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  }

  /**
   * Counts a rejected row; keeps it in the error sample while there is room. `detail` replaces the
   * default wording of the reason in the message.
   */
  reject(line: number, column: string, value: unknown, reason: RejectReason, detail?: string): void {
    this.rows++;
    this.rejected++;
    this.reasons[reason]++;
    if (this.errors.length < this.maxErrors) {
      const text = typeof value === 'string' ? value : value === undefined ? '' : safeString(value);
      this.errors.push({
        line,
        column: shownText(column, 200),
        value: shownText(text, 200),
        reason,
        message: column.startsWith('(')
          ? `${this.unit} ${line}: ${detail ?? REASON_TEXT[reason]}`
          : `${this.unit} ${line}, column "${shownText(column, 60)}": ${shownText(JSON.stringify(truncate(text, 60)), 200)} is ${detail ?? REASON_TEXT[reason]}`,
      });
    }
  }

  use(impressions: number, clicks: number, addToCart: number, purchases: number): void {
    this.rows++;
    this.used++;
    if (clicks > impressions) this.anomalies.clicksOverImpressions++;
    if (addToCart > clicks) this.anomalies.addToCartOverClicks++;
    if (purchases > addToCart) this.anomalies.purchasesOverAddToCart++;
    if (clicks === 0 && (purchases > 0 || addToCart > 0)) this.anomalies.conversionsWithoutClicks++;
  }

  countNull(field: string): void {
    this.nullCounts.set(field, (this.nullCounts.get(field) ?? 0) + 1);
  }

  /** Empty optional cells read as `null` so far, by field. */
  get nulls(): Readonly<Record<string, number>> {
    return nullsObject(this.nullCounts);
  }

  build(): RowReport {
    return {
      rows: this.rows,
      used: this.used,
      rejected: this.rejected,
      reasons: { ...this.reasons },
      anomalies: { ...this.anomalies },
      nulls: nullsObject(this.nullCounts),
      blankLines: this.blankLines,
      errors: [...this.errors],
      columns: this.columns,
    };
  }
}

/** A plain object from the null counts; keys are defined as own data properties, so any name is safe. */
function nullsObject(counts: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of counts) Object.defineProperty(out, key, { value: n, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Cuts text to `max` UTF-16 units without splitting a surrogate pair, marking the cut with `…`. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function safeString(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  try {
    return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

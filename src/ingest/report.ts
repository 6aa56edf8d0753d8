/**
 * The row report: every input row is either used or rejected with a reason, so
 * `rows === used + rejected` always holds. Funnel anomalies are counted, not dropped.
 * @module
 */
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
        column,
        value: truncate(text, 200),
        reason,
        message: column.startsWith('(')
          ? `${this.unit} ${line}: ${detail ?? REASON_TEXT[reason]}`
          : `${this.unit} ${line}, column "${truncate(column, 60)}": ${JSON.stringify(truncate(text, 60))} is ${detail ?? REASON_TEXT[reason]}`,
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
  try {
    return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

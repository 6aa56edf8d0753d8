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
  /** Empty optional cells read as `null`, by field. */
  readonly nulls: Readonly<Record<string, number>>;
  /** Blank lines skipped in CSV input. */
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
  readonly nulls: Record<string, number> = {};
  readonly errors: RowError[] = [];

  constructor(
    readonly columns: ColumnReport,
    private readonly maxErrors = 100,
  ) {
    this.reasons = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    this.anomalies = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  }

  reject(line: number, column: string, value: unknown, reason: RejectReason): void {
    this.rows++;
    this.rejected++;
    this.reasons[reason]++;
    if (this.errors.length < this.maxErrors) {
      const text = typeof value === 'string' ? value : value === undefined ? '' : safeString(value);
      this.errors.push({
        line,
        column,
        value: text.length > 200 ? `${text.slice(0, 200)}…` : text,
        reason,
        message: `line ${line}, column "${column}": ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)} is ${REASON_TEXT[reason]}`,
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
    this.nulls[field] = (this.nulls[field] ?? 0) + 1;
  }

  build(): RowReport {
    return {
      rows: this.rows,
      used: this.used,
      rejected: this.rejected,
      reasons: { ...this.reasons },
      anomalies: { ...this.anomalies },
      nulls: { ...this.nulls },
      blankLines: this.blankLines,
      errors: [...this.errors],
      columns: this.columns,
    };
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

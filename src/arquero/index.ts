/**
 * Arquero interop: event tables in, report tables out, for users who keep slicing with verbs.
 * @module influencer-funnel/arquero
 */
import { table, type ColumnTable } from 'arquero';
import { InvalidInputError } from '../errors.js';
import { parseEvents, type ParsedEvents } from '../ingest/parse.js';
import type { IngestOptions } from '../schema.js';

/**
 * Validates an arquero table of events (columns named as in CSV or as camelCase fields) into event
 * rows and a row report, exactly as {@link parseEvents} does for objects.
 *
 * @example
 * ```ts
 * import * as aq from 'arquero';
 * import { fromTable } from 'influencer-funnel/arquero';
 * const events = fromTable(aq.table({ influencer_id: ['a'], impressions: [100], clicks: [4], add_to_cart: [1], purchases: [1] }));
 * analyze(events);
 * ```
 */
export function fromTable(table: ColumnTable, options: IngestOptions = {}): ParsedEvents {
  if (!table || typeof (table as ColumnTable).objects !== 'function') {
    throw new InvalidInputError('fromTable requires an arquero table.');
  }
  return parseEvents(table.objects(), options);
}

/**
 * Turns rows (report influencers, chart data, aggregate groups...) into an arquero table. Object-
 * valued fields (contributions, aggregate state) are left out unless named in `columns`.
 *
 * @example
 * ```ts
 * import { toTable } from 'influencer-funnel/arquero';
 * toTable(report.influencers).filter((d) => d.segment === 'High').orderby('rank').print();
 * ```
 */
export function toTable<T extends object>(rows: readonly T[], options: { readonly columns?: readonly (keyof T & string)[] } = {}): ColumnTable {
  if (!Array.isArray(rows)) throw new InvalidInputError('toTable requires an array of rows.');
  const names =
    options.columns ??
    (rows.length
      ? (Object.keys(rows[0]!) as (keyof T & string)[]).filter((k) => {
          const v = (rows[0] as Record<string, unknown>)[k];
          return v === null || typeof v !== 'object';
        })
      : []);
  const columns = Object.create(null) as Record<string, unknown[]>; // any column name is safe, `__proto__` too
  for (const name of names) columns[name] = rows.map((r) => (r as Record<string, unknown>)[name] ?? null);
  return table(columns, [...names]) as ColumnTable;
}

/**
 * Arquero interop: event tables in, report tables out, for users who keep slicing with verbs.
 * arquero is an optional peer dependency: install it beside influencer-funnel to use this entry
 * (`npm install arquero@^8 @uwdata/flechette@2.6.0`).
 * @module influencer-funnel/arquero
 */
import type { ColumnTable } from 'arquero';
import { InfluencerFunnelError, InvalidInputError } from '../contract/errors.js';
import { parseEvents, type ParsedEvents } from '../ingest/parse.js';
import type { IngestOptions } from '../contract/schema.js';
import { arquero, arqueroNotFound } from './peer.js';

/**
 * The command that installs arquero for this entry. `@uwdata/flechette` (arquero's Arrow library) is
 * pinned because its 2.7.0 release depends on a package that is not published on the npm registry.
 */
const ARQUERO_INSTALL = 'npm install arquero@^8 @uwdata/flechette@2.6.0';

/**
 * An optional peer dependency that a function needs is not installed. `install` is the command that
 * installs it, `cause` the resolver's error.
 *
 * @example
 * ```ts
 * const error = new MissingDependencyError('arquero', 'npm install arquero@^8', 'toTable');
 * error.code; // 'MISSING_DEPENDENCY'
 * error.message; // 'toTable needs arquero, an optional peer dependency of influencer-funnel that is not installed. Install it with: npm install arquero@^8'
 * ```
 */
export class MissingDependencyError extends InfluencerFunnelError {
  constructor(
    readonly dependency: string,
    readonly install: string,
    neededBy: string,
    cause?: unknown,
  ) {
    super(
      'MISSING_DEPENDENCY',
      `${neededBy} needs ${dependency}, an optional peer dependency of influencer-funnel that is not installed. Install it with: ${install}`,
      { dependency, install },
    );
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
  }
}

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
 * valued fields (contributions, aggregate state) are left out unless named in `columns`. Throws a
 * {@link MissingDependencyError} naming the install command when arquero is not installed.
 *
 * @example
 * ```ts
 * import { toTable } from 'influencer-funnel/arquero';
 * toTable(report.influencers).filter((d) => d.segment === 'High').orderby('rank').print();
 * ```
 */
export function toTable<T extends object>(rows: readonly T[], options: { readonly columns?: readonly (keyof T & string)[] } = {}): ColumnTable {
  if (!arquero) throw new MissingDependencyError('arquero', ARQUERO_INSTALL, 'toTable (influencer-funnel/arquero)', arqueroNotFound);
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
  return arquero.table(columns, [...names]) as ColumnTable;
}

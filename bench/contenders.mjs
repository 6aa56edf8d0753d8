#!/usr/bin/env node
/**
 * One benchmark contender, run in its own process by bench/run.mjs:
 *   node --expose-gc bench/contenders.mjs <contender> <events.csv> <runs> <libDir>
 * Prints one JSON line: { ms: number[], rssMB: number }. Every contender does the same job: CSV (or
 * rows already in memory) -> per-influencer sums, rates, a percentile-rank score, terciles and a
 * summary CSV (as a string or a file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [name, file, runsText, libDir] = process.argv.slice(2);
const runs = Number(runsText ?? 1);
const lib = () => import(pathToFileURL(join(libDir, 'index.js')).href);
const libNode = () => import(pathToFileURL(join(libDir, 'node', 'index.js')).href);

async function time(run) {
  // The setup's garbage (the parse, or the row objects a columnar contender drops) is collected
  // before the clock starts, so no timed run pays for a collection it did not cause.
  globalThis.gc?.();
  const ms = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    const out = await run();
    ms.push(performance.now() - t);
    if (typeof out !== 'string' || out.length < 100) throw new Error(`${name} produced no summary`);
  }
  return ms;
}

/** Untimed: the file's events (columns) and, converted explicitly, as validated row objects, as an application holding them in memory has. */
async function loadRows() {
  const { parseEventsCSV, eventRows } = await lib();
  const parsed = parseEventsCSV(readFileSync(file));
  return { events: parsed.events, report: parsed.report, rows: eventRows(parsed.events) };
}

function toColumns(rows) {
  const n = rows.length;
  const columns = {
    influencerId: new Array(n),
    impressions: new Float64Array(n),
    clicks: new Float64Array(n),
    addToCart: new Float64Array(n),
    purchases: new Float64Array(n),
    revenue: new Float64Array(n),
    date: new Array(n),
    category: new Array(n),
    followerCount: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    columns.influencerId[i] = r.influencerId;
    columns.impressions[i] = r.impressions;
    columns.clicks[i] = r.clicks;
    columns.addToCart[i] = r.addToCart;
    columns.purchases[i] = r.purchases;
    columns.revenue[i] = r.revenue ?? NaN;
    columns.date[i] = r.date;
    columns.category[i] = r.category;
    columns.followerCount[i] = r.followerCount ?? NaN;
  });
  return columns;
}

const summaryOf = (floor) => `${floor.size}:${floor.counts[1]}:${floor.sums[0]}`.padEnd(100, ' ');

const contenders = {
  /** Hand-written byte scanner for this schema (bench/floor-csv.mjs): the summary job. */
  'floor-csv-summary': async () => {
    const { floorCSV } = await import('./floor-csv.mjs');
    return time(() => floorCSV(file, { periods: false }));
  },
  /** What the CLI does for the summary CSV: aggregateEventsCSV per influencer on one thread, analyze, summary CSV. */
  'library-stream-summary': async () => {
    const { analyze, summaryCSV } = await lib();
    const { aggregateEventsCSV } = await libNode();
    return time(async () => summaryCSV(analyze(await aggregateEventsCSV(file, { rowRates: false, workers: 1 }))));
  },
  /** The README's first example: readEventsCSV (columnar events) -> analyze -> summaryCSV. */
  'library-readme': async () => {
    const { analyze, summaryCSV } = await lib();
    const { readEventsCSV } = await libNode();
    return time(async () => summaryCSV(analyze(await readEventsCSV(file))));
  },
  /** The browser's path in Node: the file's text -> parseEventsCSV -> analyze -> summaryCSV. */
  'library-parse-text': async () => {
    const { analyze, parseEventsCSV, summaryCSV } = await lib();
    return time(async () => summaryCSV(analyze(parseEventsCSV(readFileSync(file, 'utf8')))));
  },
  /** The main entry's streaming reader on a web stream of the file (what a browser's File gives). */
  'library-web-stream': async () => {
    const { analyze, aggregateEventsCSV, summaryCSV } = await lib();
    const { openAsBlob } = await import('node:fs');
    return time(async () => summaryCSV(analyze(await aggregateEventsCSV((await openAsBlob(file)).stream(), { rowRates: false }))));
  },
  /** The same with one worker thread per core. */
  'library-stream-summary-workers': async () => {
    const { analyze, summaryCSV } = await lib();
    const { aggregateEventsCSV } = await libNode();
    return time(async () => summaryCSV(analyze(await aggregateEventsCSV(file, { rowRates: false, workers: 'auto' }))));
  },
  /** The floor with the trend's totals per influencer and period too: the job of the report with its charts. */
  'floor-csv': async () => {
    const { floorCSV } = await import('./floor-csv.mjs');
    return time(() => floorCSV(file));
  },
  /** What the CLI does with --json: per influencer and per influencer and period on one thread, analyze, summary CSV. */
  'library-stream': async () => {
    const { analyze, summaryCSV } = await lib();
    const { aggregateEventsCSV } = await libNode();
    return time(async () => summaryCSV(analyze(await aggregateEventsCSV(file, { periods: true, rowRates: false, workers: 1 }))));
  },
  /** The same with one worker thread per core. */
  'library-stream-workers': async () => {
    const { analyze, summaryCSV } = await lib();
    const { aggregateEventsCSV } = await libNode();
    return time(async () => summaryCSV(analyze(await aggregateEventsCSV(file, { periods: true, rowRates: false, workers: 'auto' }))));
  },
  /** Typed-array loop over row objects (bench/floor.mjs). */
  'floor-rows': async () => {
    const { floorRows } = await import('./floor.mjs');
    const { rows } = await loadRows();
    return time(() => summaryOf(floorRows(rows)));
  },
  /** The report floor over row objects (bench/floor.mjs): the job of analyze + summary CSV with naive sums. */
  'floor-rows-report': async () => {
    const { floorRowsReport } = await import('./floor.mjs');
    const { rows } = await loadRows();
    return time(() => floorRowsReport(rows));
  },
  /** analyze on validated row objects, converted to columns explicitly (aggregate + metrics + score + segments + charts), and the summary. */
  'library-rows': async () => {
    const { analyze, eventTableOf, summaryCSV } = await lib();
    const { rows, report } = await loadRows();
    return time(() => summaryCSV(analyze({ events: eventTableOf(rows), report })));
  },
  /** analyze on the columnar events parseEventsCSV returns, and the summary. */
  'library-events': async () => {
    const { analyze, summaryCSV } = await lib();
    const { events, report } = await loadRows();
    return time(() => summaryCSV(analyze({ events, report })));
  },
  /** aggregate alone on validated row objects: the same job as the floor loop. */
  'aggregate-rows': async () => {
    const { aggregate } = await lib();
    const { rows } = await loadRows();
    return time(() => `${aggregate(rows).groups.length}`.padEnd(100, ' '));
  },
  /** Typed-array loop over columns (bench/floor.mjs). */
  'floor-columns': async () => {
    const { floorColumns } = await import('./floor.mjs');
    const columns = toColumns((await loadRows()).rows);
    return time(() => summaryOf(floorColumns(columns)));
  },
  /** aggregate alone over columns: the same job as the floor loop. */
  'aggregate-columns': async () => {
    const { aggregate } = await lib();
    const parsed = await loadRows();
    const columns = toColumns(parsed.rows);
    parsed.rows.length = 0;
    return time(() => `${aggregate(columns).groups.length}`.padEnd(100, ' '));
  },
  /** aggregate alone over the columnar events parseEventsCSV returns. */
  'aggregate-events': async () => {
    const { aggregate } = await lib();
    const { events } = await loadRows();
    return time(() => `${aggregate(events).groups.length}`.padEnd(100, ' '));
  },
  /** The report floor over columns (bench/floor.mjs): per influencer, then rates, score, terciles, summary CSV. */
  'floor-columns-report': async () => {
    const { floorColumnsReport } = await import('./floor.mjs');
    const parsed = await loadRows();
    const columns = toColumns(parsed.rows);
    parsed.rows.length = 0;
    return time(() => floorColumnsReport(columns));
  },
  /** aggregate over columns, then analyze and the summary. */
  'library-columns': async () => {
    const { aggregate, analyze, summaryCSV } = await lib();
    const parsed = await loadRows();
    const columns = toColumns(parsed.rows);
    const report = parsed.report;
    parsed.rows.length = 0;
    return time(() => summaryCSV(analyze({ aggregate: aggregate(columns), report })));
  },
  /** Arquero's natural pipeline: loadCSV, groupby/rollup, derive, window ranks, quantiles, toCSV. */
  arquero: async () => {
    const aq = await import('arquero');
    const { op } = aq;
    return time(async () => {
      const events = await aq.loadCSV(file);
      const totals = events
        .groupby('influencer_id')
        .rollup({
          rows: op.count(),
          impressions: (d) => op.sum(d.impressions),
          clicks: (d) => op.sum(d.clicks),
          add_to_cart: (d) => op.sum(d.add_to_cart),
          purchases: (d) => op.sum(d.purchases),
          revenue: (d) => op.sum(d.revenue),
        })
        .derive({
          ctr: (d) => (d.impressions > 0 ? d.clicks / d.impressions : null),
          atc_rate: (d) => (d.clicks > 0 ? d.add_to_cart / d.clicks : null),
          purchase_rate: (d) => (d.add_to_cart > 0 ? d.purchases / d.add_to_cart : null),
          overall_conv: (d) => (d.impressions > 0 ? d.purchases / d.impressions : null),
          rpc: (d) => (d.clicks > 0 ? d.revenue / d.clicks : null),
          rpi: (d) => (d.impressions > 0 ? d.revenue / d.impressions : null),
        });
      const ranked = totals
        .orderby('overall_conv').derive({ r_conv: () => op.percent_rank() })
        .orderby('rpc').derive({ r_rpc: () => op.percent_rank() })
        .orderby('ctr').derive({ r_ctr: () => op.percent_rank() })
        .orderby('purchase_rate').derive({ r_buy: () => op.percent_rank() })
        .derive({ score: (d) => 0.3 * d.r_conv + 0.3 * d.r_rpc + 0.2 * d.r_ctr + 0.2 * d.r_buy });
      const cuts = ranked.rollup({ q1: (d) => op.quantile(d.score, 1 / 3), q2: (d) => op.quantile(d.score, 2 / 3) }).object();
      return ranked
        .params(cuts)
        .derive({ segment: (d, $) => (d.score <= $.q1 ? 'Low' : d.score <= $.q2 ? 'Mid' : 'High') })
        .select(aq.not('r_conv', 'r_rpc', 'r_ctr', 'r_buy'))
        .orderby('influencer_id')
        .toCSV();
    });
  },
  /** nodejs-polars: readCSV, groupBy/agg, rates, percent ranks, quantile terciles, writeCSV. */
  polars: async () => {
    const pl = (await import('nodejs-polars')).default;
    return time(async () => {
      const events = pl.readCSV(file, { dtypes: { influencer_id: pl.Utf8 } });
      const totals = events.groupBy('influencer_id').agg(
        pl.col('impressions').count().alias('rows'),
        pl.col('impressions').sum(),
        pl.col('clicks').sum(),
        pl.col('add_to_cart').sum(),
        pl.col('purchases').sum(),
        pl.col('revenue').sum(),
      );
      const ratio = (a, b) => pl.when(pl.col(b).gt(0)).then(pl.col(a).cast(pl.Float64).div(pl.col(b))).otherwise(pl.lit(null));
      const rates = totals.withColumns(
        ratio('clicks', 'impressions').alias('ctr'),
        ratio('add_to_cart', 'clicks').alias('atc_rate'),
        ratio('purchases', 'add_to_cart').alias('purchase_rate'),
        ratio('purchases', 'impressions').alias('overall_conv'),
        ratio('revenue', 'clicks').alias('rpc'),
        ratio('revenue', 'impressions').alias('rpi'),
      );
      const n = rates.height;
      const rank = (c) => pl.col(c).rank('min').cast(pl.Float64).sub(1).div(n - 1);
      const scored = rates.withColumns(rank('overall_conv').mul(0.3).add(rank('rpc').mul(0.3)).add(rank('ctr').mul(0.2)).add(rank('purchase_rate').mul(0.2)).alias('score'));
      const q1 = scored.getColumn('score').quantile(1 / 3, 'linear');
      const q2 = scored.getColumn('score').quantile(2 / 3, 'linear');
      const segment = pl.when(pl.col('score').ltEq(q1)).then(pl.lit('Low')).when(pl.col('score').ltEq(q2)).then(pl.lit('Mid')).otherwise(pl.lit('High'));
      return scored.withColumns(segment.alias('segment')).sort('influencer_id').writeCSV().toString();
    });
  },
  /** DuckDB through @duckdb/node-api: read_csv, GROUP BY, window ranks, quantiles, COPY to CSV. */
  duckdb: async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const out = join(libDir, '..', 'duckdb-summary.csv');
    return time(async () => {
      const db = await DuckDBInstance.create(':memory:');
      const connection = await db.connect();
      await connection.run(`COPY (
        WITH s AS (
          SELECT influencer_id, count(*) AS rows, sum(impressions) AS impressions, sum(clicks) AS clicks,
                 sum(add_to_cart) AS add_to_cart, sum(purchases) AS purchases, sum(revenue) AS revenue,
                 sum(clicks) / nullif(sum(impressions), 0) AS ctr, sum(add_to_cart) / nullif(sum(clicks), 0) AS atc_rate,
                 sum(purchases) / nullif(sum(add_to_cart), 0) AS purchase_rate, sum(purchases) / nullif(sum(impressions), 0) AS overall_conv,
                 sum(revenue) / nullif(sum(clicks), 0) AS rpc, sum(revenue) / nullif(sum(impressions), 0) AS rpi
          FROM read_csv('${file}') GROUP BY influencer_id),
        r AS (SELECT *, 0.3 * percent_rank() OVER (ORDER BY overall_conv) + 0.3 * percent_rank() OVER (ORDER BY rpc)
                       + 0.2 * percent_rank() OVER (ORDER BY ctr) + 0.2 * percent_rank() OVER (ORDER BY purchase_rate) AS score FROM s),
        q AS (SELECT quantile_cont(score, 1 / 3) AS q1, quantile_cont(score, 2 / 3) AS q2 FROM r)
        SELECT r.*, CASE WHEN score <= q1 THEN 'Low' WHEN score <= q2 THEN 'Mid' ELSE 'High' END AS segment
        FROM r, q ORDER BY influencer_id) TO '${out}' (HEADER)`);
      connection.closeSync();
      db.closeSync();
      return readFileSync(out, 'utf8');
    });
  },
};

const run = contenders[name];
if (!run) {
  console.error(`unknown contender ${name}: ${Object.keys(contenders).join(', ')}`);
  process.exit(1);
}
const ms = await run();
console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024 }));

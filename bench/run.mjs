#!/usr/bin/env node
/**
 * `npm run bench`: builds the library from src/ (esbuild, into out/bench/lib), generates the
 * deterministic data sets (out/bench/events-<rows>.csv, reused when present), runs every contender in
 * its own process, and prints and writes bench/results.md.
 *
 *   npm run bench                 # 1M and 5M rows
 *   npm run bench -- --rows 1000000 --runs 3
 *
 * File contenders start a fresh process per run (a cold start, as a command-line user sees it);
 * in-memory contenders load the rows once, untimed, and time their runs in that one process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { generate } from './generate.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string', multiple: true }, runs: { type: 'string' } } });
const sizes = (values.rows ?? ['1000000', '5000000']).map(Number);
const RUNS = Number(values.runs ?? 5);
const out = join('out', 'bench');
const libDir = join(out, 'lib');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { index: 'src/index.ts', 'node/index': 'src/node/index.ts', 'node/scan-worker': 'src/node/scan-worker.ts' },
  outdir: libDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['arquero', 'd3-array', 'zod'],
  logLevel: 'warning',
});

/** [name, label, its floor, job]: the summary job is the issue's; the report job adds the trend's totals. */
const SUMMARY = 'summary';
const REPORT = 'summary + trend';
const FILE_CONTENDERS = [
  ['floor-csv-summary', 'hand-written byte scanner (floor)', 'floor-csv-summary', SUMMARY],
  ['library-stream-summary', 'aggregateEventsCSV, 1 thread + analyze', 'floor-csv-summary', SUMMARY],
  ['library-stream-summary-workers', 'aggregateEventsCSV, workers + analyze', 'floor-csv-summary', SUMMARY],
  ['library-readme', "README's example: readEventsCSV + analyze + summaryCSV", 'floor-csv-summary', SUMMARY],
  ['library-parse-text', 'parseEventsCSV(text) + analyze + summaryCSV', 'floor-csv-summary', SUMMARY],
  ['library-web-stream', 'aggregateEventsCSV(blob.stream()) + analyze (main entry)', 'floor-csv-summary', SUMMARY],
  ['duckdb', 'DuckDB (@duckdb/node-api)', 'floor-csv-summary', SUMMARY],
  ['polars', 'nodejs-polars 0.25', 'floor-csv-summary', SUMMARY],
  ['arquero', 'arquero loadCSV + verbs', 'floor-csv-summary', SUMMARY],
  ['floor-csv', 'hand-written byte scanner with period cells (floor)', 'floor-csv', REPORT],
  ['library-stream', 'aggregateEventsCSV periods, 1 thread + analyze', 'floor-csv', REPORT],
  ['library-stream-workers', 'aggregateEventsCSV periods, workers + analyze', 'floor-csv', REPORT],
];
const MEMORY_CONTENDERS = [
  ['floor-rows', 'typed-array loop over row objects (floor)', 'floor-rows', 'aggregate'],
  ['aggregate-rows', 'aggregate(row objects)', 'floor-rows', 'aggregate'],
  ['floor-rows-report', 'typed-array report over row objects (floor)', 'floor-rows-report', 'report'],
  ['library-rows', 'analyze(row objects) + summary CSV', 'floor-rows-report', 'report'],
  ['library-events', 'analyze(events from parseEventsCSV) + summary CSV', 'floor-rows-report', 'report'],
  ['floor-columns', 'typed-array loop over columns (floor)', 'floor-columns', 'aggregate'],
  ['aggregate-columns', 'aggregate(columns)', 'floor-columns', 'aggregate'],
  ['aggregate-events', 'aggregate(events from parseEventsCSV)', 'floor-columns', 'aggregate'],
  ['floor-columns-report', 'typed-array summary over columns (floor)', 'floor-columns-report', SUMMARY],
  ['library-columns', 'analyze({ aggregate: aggregate(columns) }) + summary CSV', 'floor-columns-report', SUMMARY],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function contender(name, file, runs) {
  const text = execFileSync(process.execPath, ['--max-old-space-size=8192', '--expose-gc', 'bench/contenders.mjs', name, file, String(runs), libDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(text.trim().split('\n').pop());
}

const results = [];
/** Bytes per event the README's path holds beyond the floor's memory, per size. */
const perEvent = [];
const fmtBytes = (n) => Math.round(n).toLocaleString('en-US');
for (const rows of sizes) {
  const file = join(out, `events-${rows}.csv`);
  if (!existsSync(file)) {
    console.error(`generating ${file}...`);
    await generate(rows, file);
  }
  const mb = statSync(file).size / 1e6;
  const measured = {};
  for (const [name, label, floor, job] of [...FILE_CONTENDERS, ...MEMORY_CONTENDERS]) {
    const inProcess = MEMORY_CONTENDERS.some(([n]) => n === name);
    console.error(`${rows} rows: ${name} (${RUNS} run${RUNS > 1 ? 's' : ''})`);
    let ms = [];
    let rss = 0;
    try {
      if (inProcess) {
        const r = contender(name, file, RUNS);
        ms = r.ms;
        rss = r.rssMB;
      } else {
        for (let k = 0; k < RUNS; k++) {
          const r = contender(name, file, 1);
          ms.push(...r.ms);
          rss = Math.max(rss, r.rssMB);
        }
      }
    } catch (error) {
      console.error(`  ${name} failed: ${error.message.split('\n')[0]}`);
      continue;
    }
    measured[name] = { label, floor, job, ms: median(ms), runs: ms.length, rss };
  }
  // The browser path: the same job in Debian's Chromium, on a fetched body (bench/browser.mjs).
  if (existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium')) {
    console.error(`${rows} rows: browser (${RUNS} runs)`);
    try {
      const text = execFileSync(process.execPath, ['bench/browser.mjs', file, String(RUNS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const r = JSON.parse(text.trim().split('\n').pop());
      measured.browser = { label: 'Chromium: aggregateEventsCSV(response.body) + analyze', floor: 'floor-csv-summary', job: SUMMARY, ms: median(r.ms), runs: r.ms.length, rss: null };
    } catch (error) {
      console.error(`  browser failed: ${error.message.split('\n')[0]}`);
    }
  }
  for (const [name, m] of Object.entries(measured)) {
    results.push({ rows, mb, name, ...m, ratio: measured[m.floor] ? m.ms / measured[m.floor].ms : null });
  }
  // Memory of the README's path beyond the floor's, per event (the floor keeps no events).
  if (measured['library-readme'] && measured['floor-csv-summary']) {
    const extra = ((measured['library-readme'].rss - measured['floor-csv-summary'].rss) * 2 ** 20) / rows;
    console.error(`${rows} rows: readEventsCSV holds ${fmtBytes(extra)} bytes per event beyond the floor's memory`);
    perEvent.push({ rows, bytes: extra });
  }
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const lines = [
  '| rows | input | job | contender | median ms | MB/s | × floor | peak RSS MB | runs |',
  '|---:|---|---|---|---:|---:|---:|---:|---:|',
  ...results.map((r) => {
    const inMemory = MEMORY_CONTENDERS.some(([n]) => n === r.name);
    return `| ${fmt(r.rows)} | ${inMemory ? 'memory' : `CSV ${fmt(r.mb)} MB`} | ${r.job} | ${r.label} | ${fmt(r.ms)} | ${inMemory ? '' : fmt(r.mb / (r.ms / 1000), 1)} | ${r.ratio === null ? '' : fmt(r.ratio, 2)} | ${r.rss === null ? '' : fmt(r.rss)} | ${r.runs} |`;
  }),
  '',
  ...perEvent.map((p) => `readEventsCSV at ${fmt(p.rows)} rows holds ${fmtBytes(p.bytes)} bytes per event beyond the floor's memory.`),
];
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}`;
const doc = `# Benchmark results

Generated by \`npm run bench\` (bench/run.mjs) on ${machine}.

CSV contenders read the file (${'`'}out/bench/events-<rows>.csv${'`'}, generated by bench/generate.mjs in
the sample's schema, 10,000 influencers, one row per influencer per day), one fresh process per run,
and do one of two jobs (see bench/README.md):

- **summary**: per-influencer sums, the funnel rates, a score and terciles, and the summary CSV. The
  library streams per influencer (${'`'}aggregateEventsCSV(file)${'`'}, as the CLI does without ${'`'}--json${'`'}),
  then ${'`'}analyze${'`'} (shrunk estimates with the money noise row by row, score, segments, the report
  lines and the chart data) and ${'`'}summaryCSV${'`'}. The README's example (${'`'}readEventsCSV${'`'}, columnar
  events of every column) and ${'`'}parseEventsCSV(text)${'`'} also sum the trend's period totals, since
  ${'`'}analyze${'`'} of dated events gives the trend: the **summary + trend** floor is their fairer measure.
  The main entry's ${'`'}aggregateEventsCSV(blob.stream())${'`'} and Chromium's
  ${'`'}aggregateEventsCSV(response.body)${'`'} (bench/browser.mjs, a fresh page per run) stream like the CLI.
  DuckDB, nodejs-polars and arquero do this job; the floor does it with naive sums.
- **summary + trend**: the same plus totals per influencer and period for the trend chart
  (${'`'}aggregateEventsCSV(file, { periods: true })${'`'}, as the CLI does with ${'`'}--json${'`'}), which
  ${'`'}analyze${'`'} turns into the trend by segment; the floor keeps the same period cells and sums the
  same trend.

Memory contenders get the validated rows (or the same data as columns) loaded before timing and run
in one process; the setup's garbage is collected before the first timed run. ${'`'}aggregate${'`'} is compared with typed-array loops that only sum per influencer;
${'`'}analyze(row objects)${'`'} builds the whole report, trend included, and is compared with a floor that
does the same report job over the row objects (per influencer and per influencer and period, naive
sums); ${'`'}analyze${'`'} over ${'`'}aggregate(columns)${'`'} (per influencer, no trend) with the same floor over
columns without period cells. "× floor" divides by the hand-written floor named in the
table's job (bench/floor-csv.mjs for CSV, bench/floor.mjs for memory). Peak RSS is the process's (all threads; for
memory contenders it includes the rows held in memory). Medians of ${RUNS} runs.

${lines.join('\n')}
`;
writeFileSync('bench/results.md', doc);
console.log(lines.join('\n'));
console.log(`\n${machine}`);

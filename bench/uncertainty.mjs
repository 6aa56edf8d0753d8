#!/usr/bin/env node
/**
 * Time of the rank intervals (posterior draws scored and ranked, P(top k), money intervals) at
 * 1,000 and 10,000 influencers: builds src/uncertainty with esbuild into out/bench/uncertainty,
 * makes deterministic per-influencer totals (30 days of heavy-tailed reach, fitted priors), and
 * prints the median wall time and CPU time (user + system: less sensitive to other processes on a
 * shared machine) of the runs for each size and number of draws.
 *
 *   node bench/uncertainty.mjs                       # 1,000 and 10,000 influencers, default draws
 *   node bench/uncertainty.mjs --influencers 10000 --draws 100 --draws 200 --runs 5
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: { influencers: { type: 'string', multiple: true }, draws: { type: 'string', multiple: true }, runs: { type: 'string' } },
});
const sizes = (values.influencers ?? ['1000', '10000']).map(Number);
const runs = Number(values.runs ?? 5);
const out = join('out', 'bench', 'uncertainty');
mkdirSync(out, { recursive: true });
const entry = join(out, 'entry.ts');
await import('node:fs').then((fs) =>
  fs.writeFileSync(
    entry,
    [
      "export { rankIntervals, rankIntervalColumnsOf, posteriorOf, defaultDraws } from '../../../src/uncertainty/index.ts';",
      "export { smallSampleEstimates } from '../../../src/small-sample.ts';",
    ].join('\n'),
  ),
);
const lib = join(out, 'lib.mjs');
await build({ entryPoints: [entry], outfile: lib, bundle: true, format: 'esm', platform: 'neutral', target: 'node20', external: ['d3-array', 'zod', 'zod/mini'], logLevel: 'warning' });
const { rankIntervals, rankIntervalColumnsOf, posteriorOf, smallSampleEstimates, defaultDraws } = await import(pathToFileURL(lib).href);
/** The draw counts to time: the ones asked for, else the default for each size. */
const drawCounts = values.draws?.map(Number) ?? [undefined];

/** A small deterministic generator (mulberry32) and a normal. */
function random(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Per-influencer totals and 30 daily rows each (normal approximations of the binomial steps). */
function population(n) {
  const r = random(n);
  const count = (trials, p) => Math.max(0, Math.min(trials, Math.round(trials * p + Math.sqrt(trials * p * (1 - p)) * r.normal())));
  const lines = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const influencerId = String(i + 1);
    const reach = Math.exp(Math.log(600) + 1.3 * r.normal());
    const ctr = 0.02 * Math.exp(0.3 * r.normal());
    const atc = 0.1 * Math.exp(0.3 * r.normal());
    const pr = Math.min(0.9, 0.25 * Math.exp(0.3 * r.normal()));
    const value = 50 * Math.exp(0.3 * r.normal());
    const line = { influencerId, impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: 0, cost: 0 };
    for (let day = 0; day < 30; day++) {
      const impressions = Math.round(reach * Math.exp(0.3 * r.normal()));
      const clicks = count(impressions, ctr);
      const addToCart = count(clicks, atc);
      const purchases = count(addToCart, pr);
      const revenue = Math.round(purchases * value * Math.exp(0.4 * r.normal()) * 100) / 100;
      rows.push({ influencerId, impressions, clicks, revenue });
      line.impressions += impressions;
      line.clicks += clicks;
      line.addToCart += addToCart;
      line.purchases += purchases;
      line.revenue += revenue;
      line.cost += Math.round(impressions * 0.8) / 100;
    }
    lines.push(line);
  }
  const { priors } = smallSampleEstimates(lines, rows);
  return { influencers: lines, priors };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall and CPU milliseconds of `job`. */
function time(job) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  job();
  const used = process.cpuUsage(cpu);
  return [performance.now() - wall, (used.user + used.system) / 1000];
}
console.log(`node ${process.version}, ${runs} runs, medians`);
console.log('| influencers | draws | rankIntervals (report lines) wall / CPU | rankIntervalColumnsOf (columns) wall / CPU |');
console.log('|---:|---:|---:|---:|');
for (const n of sizes) {
  const source = population(n);
  const posterior = posteriorOf(source, 'bench');
  for (const asked of drawCounts) {
    const draws = asked ?? defaultDraws(n);
    rankIntervals(source, { draws }); // warm-up
    const lines = [];
    const columns = [];
    for (let run = 0; run < runs; run++) {
      lines.push(time(() => rankIntervals(source, { draws })));
      columns.push(time(() => rankIntervalColumnsOf(posterior, { draws })));
    }
    const cell = (ts) => `${median(ts.map((t) => t[0])).toFixed(0)} ms / ${median(ts.map((t) => t[1])).toFixed(0)} ms`;
    console.log(`| ${n.toLocaleString('en-US')} | ${draws}${asked === undefined ? ' (default)' : ''} | ${cell(lines)} | ${cell(columns)} |`);
  }
}

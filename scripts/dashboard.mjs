#!/usr/bin/env node
// Writes a self-contained dashboard (one HTML file: inline SVG charts, the summary table and the
// report's data; no script or style from anywhere else, so it opens offline by double-click) from
// a report written by `influencer-funnel report ... --json report.json`.
//
//   node scripts/dashboard.mjs [report.json] [dashboard.html]   (defaults: out/report.json, out/dashboard.html)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PALETTE, barChartH, esc, formatCount, formatValue, heatmap, isRate, lineChart, pieChart, segmentBars } from './dashboard/svg.mjs';

const TABLE_COLUMNS = [
  ['rank', 'Rank'],
  ['influencerId', 'Influencer'],
  ['segment', 'Segment'],
  ['score', 'Score'],
  ['category', 'Category'],
  ['impressions', 'Impressions'],
  ['clicks', 'Clicks'],
  ['addToCart', 'Add to cart'],
  ['purchases', 'Purchases'],
  ['revenue', 'Revenue'],
  ['ctr', 'CTR'],
  ['atcRate', 'Add-to-cart rate'],
  ['purchaseRate', 'Purchase rate'],
  ['overallConversion', 'Overall conv.'],
  ['rpc', 'Rev. per click'],
];

const STYLE = `
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { background: #08306b; color: #fff; padding: 18px 28px; }
  header h1 { margin: 0 0 4px; font-size: 22px; }
  header p { margin: 0; opacity: 0.9; }
  main { padding: 20px 28px; display: grid; grid-template-columns: repeat(auto-fit, minmax(600px, 1fr)); gap: 18px; max-width: 1500px; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 14px 16px; overflow-x: auto; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 16px; margin: 0 0 2px; }
  .note { color: #57606a; font-size: 12.5px; margin: 0 0 10px; }
  .panels { display: flex; flex-wrap: wrap; gap: 8px; }
  svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; font-size: 12.5px; width: 100%; }
  th, td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; text-align: right; white-space: nowrap; }
  th { position: sticky; top: 0; background: #f6f8fa; cursor: pointer; user-select: none; }
  td.text, th.text { text-align: left; }
  .table-wrap { max-height: 520px; overflow: auto; }
`;

// Sorts the table when a header is clicked; the dashboard reads fine without it.
const SORT_SCRIPT = `
document.querySelectorAll('table.sortable th').forEach((th, col) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
  th.closest('tr').querySelectorAll('th').forEach((h) => delete h.dataset.dir);
  th.dataset.dir = dir;
  const key = (tr) => { const v = tr.cells[col].dataset.value; const n = Number(v); return v === '' ? null : Number.isFinite(n) ? n : v; };
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * (dir === 'asc' ? 1 : -1);
  });
  body.append(...rows);
}));`;

function table(report) {
  const head = TABLE_COLUMNS.map(([key, label]) => `<th class="${typeof report.influencers[0]?.[key] === 'string' ? 'text' : ''}" scope="col">${esc(label)}</th>`).join('');
  const rows = report.influencers
    .map((row) => {
      const cells = TABLE_COLUMNS.map(([key]) => {
        const v = row[key];
        const shown = v === null || v === undefined ? '' : typeof v === 'number' ? (['impressions', 'clicks', 'addToCart', 'purchases', 'rank'].includes(key) ? formatCount(v) : formatValue(key, v)) : v;
        return `<td class="${typeof v === 'string' ? 'text' : ''}" data-value="${esc(v ?? '')}">${esc(shown)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="sortable" id="summary"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function inputNote(input) {
  const anomalies = Object.entries(input.anomalies ?? {})
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  return `${formatCount(input.rows)} rows read, ${formatCount(input.used)} used, ${formatCount(input.rejected)} rejected${anomalies.length ? `; kept with funnel anomalies: ${anomalies.join(', ')}` : ''}.`;
}

/**
 * The dashboard of a report (the object `analyze` returns, or the CLI's `--json` output) as one
 * self-contained HTML document.
 * @param {any} report
 * @param {{ title?: string }} [options]
 * @returns {string}
 */
export function renderDashboard(report, { title = 'Influencer funnel dashboard' } = {}) {
  const { charts, segments } = report;
  const colorOf = (segment) => PALETTE[segments.indexOf(segment)] ?? '#999';
  const profileMetrics = [...new Set(charts.segmentProfile.map((d) => d.metric))];
  const statistic = charts.segmentProfile[0]?.statistic ?? 'mean';
  const trendUnit = charts.trend[0]?.unit ?? 'day';
  const trendSeries = [...new Set(charts.trend.map((d) => d.series))];
  const trendMetrics = [
    ['revenue', 'total'],
    ['purchases', 'total'],
    ['overallConversion', 'ratio of sums'],
    ['ctr', 'ratio of sums'],
  ].filter(([m]) => charts.trend.some((d) => d.metric === m && d.value !== null));

  const sections = [
    `<section><h2>Influencers per segment</h2><p class="note">Segments on the score (${esc(report.preset)} preset), lowest first.</p>${pieChart(charts.segmentShare, { colors: colorOf })}</section>`,
    `<section><h2>Top ${charts.topByRevenue.length ? `${charts.topByRevenue.length} ` : ''}influencers by revenue</h2><p class="note">Total revenue, largest first; colour is the segment.</p>${
      charts.topByRevenue.length
        ? barChartH(charts.topByRevenue, { label: (d) => d.influencerId, value: (d) => d.value, color: (d) => colorOf(d.segment), metric: 'revenue', name: 'top', valueTitle: 'Revenue (total)', width: 560 })
        : '<p>No revenue in this data.</p>'
    }</section>`,
    `<section class="wide"><h2>Segment profile</h2><p class="note">The ${esc(statistic)} per influencer of each metric, by segment.</p><div class="panels">${profileMetrics
      .map((metric) => {
        const rows = charts.segmentProfile.filter((d) => d.metric === metric);
        return segmentBars(rows, { segments, colors: colorOf, metric, heading: `${rows[0].metricLabel} (${rows[0].statistic})` });
      })
      .join('')}</div></section>`,
    `<section class="wide"><h2>Overall funnel</h2><p class="note">Counts on a log scale; conversion from the previous step in brackets.</p>${barChartH(charts.funnelFlow, {
      label: (d) => d.label,
      value: (d) => d.count,
      color: () => '#3182bd',
      metric: 'count',
      name: 'funnel',
      valueTitle: 'Count (log scale)',
      left: 90,
      rowHeight: 34,
      log: true,
      annotate: (d) => `${formatCount(d.count)}${d.fromPrevious === null ? '' : ` (${formatValue('ctr', d.fromPrevious)} of previous)`}`,
    })}</section>`,
    `<section class="wide"><h2>Segment x metric heatmap</h2><p class="note">Cells show the ${esc(statistic)}; colour is scaled within each column, so small rates stay visible.</p>${heatmap(charts.heatmap, { rows: segments })}</section>`,
    `<section class="wide"><h2>Trend by segment</h2><p class="note">Per ${esc(trendUnit)}: totals, and rates as ratios of the period's sums.</p><div class="panels">${trendMetrics
      .map(([metric, stat]) => {
        const points = charts.trend.filter((d) => d.metric === metric);
        return lineChart(points, { series: trendSeries, colors: colorOf, metric, heading: `${points[0].metricLabel} per ${trendUnit} (${stat})` });
      })
      .join('')}</div></section>`,
    `<section class="wide"><h2>Summary</h2><p class="note">One line per influencer; click a header to sort.</p>${table(report)}</section>`,
  ];
  // The report itself, for anyone who wants the numbers behind the pictures.
  const data = JSON.stringify({ segments, cuts: report.cuts, charts }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p>${formatCount(report.influencers.length)} influencers. ${esc(inputNote(report.input))}</p></header>
<main>
${sections.join('\n')}
</main>
<script type="application/json" id="report-data">${data}</script>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [input = 'out/report.json', output = 'out/dashboard.html'] = process.argv.slice(2);
  const report = JSON.parse(await readFile(input, 'utf8'));
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, renderDashboard(report));
  console.error(`Wrote ${output}`);
}

export { isRate };

// Small SVG chart renderer for the static dashboard: a string in, a string out, no DOM and no
// charting library. Every data mark carries class "mark" and data-chart="<name>" so that tests can
// count what was drawn.
import { nice, ticks } from 'd3-array';

export const PALETTE = ['#9ecae1', '#3182bd', '#08306b', '#6baed6', '#2171b5', '#c6dbef'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const r2 = (v) => Math.round(v * 100) / 100;

const RATES = new Set(['ctr', 'atcRate', 'purchaseRate', 'overallConversion']);
export const isRate = (metric) => RATES.has(metric);

const percentFmt = new Intl.NumberFormat('en-US', { style: 'percent', maximumSignificantDigits: 3 });
const compactFmt = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const moneyFmt = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numberFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Formats a metric value for a label. */
export function formatValue(metric, value, { compact = false } = {}) {
  if (value === null || value === undefined) return '–';
  if (isRate(metric)) return percentFmt.format(value);
  if (metric === 'rpi') return value.toFixed(4);
  if (metric === 'score') return value.toFixed(3);
  if (!compact && (metric === 'revenue' || metric === 'cost')) return moneyFmt.format(value);
  if (compact && Math.abs(value) >= 10_000) return compactFmt.format(value);
  return numberFmt.format(value);
}

export const formatCount = (v) => numberFmt.format(v);
export const formatTick = (metric, v) => (isRate(metric) ? percentFmt.format(v) : Math.abs(v) >= 1000 ? compactFmt.format(v) : numberFmt.format(v));

function linear([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

function svg(width, height, label, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}" ${FONT} font-size="12">${body}</svg>`;
}

const text = (x, y, content, attrs = '') => `<text x="${r2(x)}" y="${r2(y)}" ${attrs}>${esc(content)}</text>`;
const title = (content) => `<title>${esc(content)}</title>`;

/** Pie: one arc per segment (empty segments draw nothing but keep their legend entry). */
export function pieChart(data, { colors, name = 'share' }) {
  const width = 420;
  const height = 260;
  const cx = 130;
  const cy = 130;
  const radius = 105;
  const total = data.reduce((s, d) => s + d.count, 0);
  let angle = -Math.PI / 2;
  let marks = '';
  data.forEach((d) => {
    if (total === 0 || d.count === 0) return;
    const sweep = (d.count / total) * 2 * Math.PI;
    const a1 = angle + sweep;
    const tip = `${d.segment}: ${d.count} influencers (${percentFmt.format(d.share)})`;
    let path;
    if (sweep >= 2 * Math.PI - 1e-9) {
      path = `M${cx - radius},${cy}a${radius},${radius} 0 1,0 ${2 * radius},0a${radius},${radius} 0 1,0 ${-2 * radius},0Z`;
    } else {
      const x0 = cx + radius * Math.cos(angle);
      const y0 = cy + radius * Math.sin(angle);
      const x1 = cx + radius * Math.cos(a1);
      const y1 = cy + radius * Math.sin(a1);
      path = `M${cx},${cy}L${r2(x0)},${r2(y0)}A${radius},${radius} 0 ${sweep > Math.PI ? 1 : 0},1 ${r2(x1)},${r2(y1)}Z`;
    }
    marks += `<path class="mark arc" data-chart="${name}" d="${path}" fill="${colors(d.segment)}" stroke="#fff" stroke-width="1.5">${title(tip)}</path>`;
    const mid = angle + sweep / 2;
    const dark = colors(d.segment) !== PALETTE[0];
    marks += text(cx + radius * 0.62 * Math.cos(mid), cy + radius * 0.62 * Math.sin(mid) + 4, percentFmt.format(d.share), `text-anchor="middle" font-size="13" font-weight="600" fill="${dark ? '#fff' : '#111'}"`);
    angle = a1;
  });
  const legend = data
    .map((d, i) => `<rect x="270" y="${70 + i * 26}" width="14" height="14" fill="${colors(d.segment)}"/>` + text(292, 82 + i * 26, `${d.segment}: ${d.count}`, 'font-size="13"'))
    .join('');
  return svg(width, height, 'Influencers per segment', marks + legend);
}

/** Horizontal bars, one per datum, in data order. */
export function barChartH(data, { label, value, color, metric, name, valueTitle, width = 640, rowHeight = 20, left = 60, log = false, annotate }) {
  const top = 8;
  const bottom = 40;
  const right = annotate ? 230 : 60;
  const height = top + bottom + data.length * rowHeight;
  const max = Math.max(1, ...data.map(value));
  let x;
  let tickValues;
  if (log) {
    const exp = Math.ceil(Math.log10(max));
    x = (v) => left + (Math.log10(Math.max(1, v)) / exp) * (width - left - right);
    tickValues = Array.from({ length: exp + 1 }, (_, i) => 10 ** i);
  } else {
    const [, hi] = nice(0, max, 6);
    x = linear([0, hi], [left, width - right]);
    tickValues = ticks(0, hi, 6);
  }
  let body = '';
  for (const t of tickValues) {
    body += `<line x1="${r2(x(t))}" x2="${r2(x(t))}" y1="${top}" y2="${height - bottom}" stroke="#e5e5e5"/>`;
    body += text(x(t), height - bottom + 16, formatTick(metric, t), 'text-anchor="middle" fill="#555"');
  }
  body += text((left + width - right) / 2, height - 6, valueTitle, 'text-anchor="middle" fill="#333"');
  data.forEach((d, i) => {
    const y = top + i * rowHeight;
    const v = value(d);
    const x0 = log ? left : x(0);
    // Positive values keep at least 2px, so a count of 1 on a log axis stays visible.
    body += `<rect class="mark bar" data-chart="${name}" x="${r2(x0)}" y="${y + 2}" width="${r2(Math.max(v > 0 ? 2 : 0, x(v) - x0))}" height="${rowHeight - 4}" fill="${color(d)}">${title(`${label(d)}: ${formatValue(metric, v)}`)}</rect>`;
    body += text(left - 6, y + rowHeight / 2 + 4, label(d), 'text-anchor="end" fill="#333"');
    if (annotate) body += text(x(v) + 6, y + rowHeight / 2 + 4, annotate(d), 'fill="#222"');
  });
  body += `<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#888"/>`;
  return svg(width, height, valueTitle, body);
}

/** Vertical bars of one metric per segment (a segment profile panel). */
export function segmentBars(data, { segments, colors, metric, heading, name = 'profile' }) {
  const width = 250;
  const height = 190;
  const left = 56;
  const right = 10;
  const top = 30;
  const bottom = 26;
  const values = data.map((d) => d.value).filter((v) => v !== null);
  const [lo, hi] = values.length ? nice(Math.min(0, ...values), Math.max(0, ...values), 5) : [0, 1];
  const y = linear([lo, hi === lo ? lo + 1 : hi], [height - bottom, top]);
  const band = (width - left - right) / segments.length;
  let body = text(width / 2, 16, heading, 'text-anchor="middle" font-size="13" font-weight="600"');
  for (const t of values.length ? ticks(lo, hi, 5) : []) {
    body += `<line x1="${left}" x2="${width - right}" y1="${r2(y(t))}" y2="${r2(y(t))}" stroke="#e5e5e5"/>`;
    body += text(left - 5, y(t) + 4, formatTick(metric, t), 'text-anchor="end" fill="#555" font-size="11"');
  }
  segments.forEach((segment, i) => {
    const d = data.find((p) => p.segment === segment);
    const cx = left + band * (i + 0.5);
    body += text(cx, height - 8, segment, 'text-anchor="middle" fill="#333"');
    if (!d || d.value === null) {
      body += text(cx, y(0) - 6, 'no data', 'text-anchor="middle" fill="#999" font-size="11"');
      return;
    }
    const y0 = y(0);
    const y1 = y(d.value);
    body += `<rect class="mark bar" data-chart="${name}" x="${r2(cx - band * 0.35)}" y="${r2(Math.min(y0, y1))}" width="${r2(band * 0.7)}" height="${r2(Math.abs(y0 - y1))}" fill="${colors(segment)}">${title(`${segment}: ${d.statistic} ${formatValue(metric, d.value)} over ${d.n} influencers`)}</rect>`;
  });
  body += `<line x1="${left}" x2="${width - right}" y1="${r2(y(0))}" y2="${r2(y(0))}" stroke="#888"/>`;
  return svg(width, height, heading, body);
}

/** Heatmap: one cell per datum, coloured by its per-column normalised value. */
export function heatmap(data, { rows, name = 'heatmap' }) {
  const columns = [...new Map(data.map((d) => [d.column, d.columnLabel])).entries()];
  const left = 70;
  const top = 44;
  const cellW = 118;
  const cellH = 40;
  const width = left + columns.length * cellW + 10;
  const height = top + rows.length * cellH + 10;
  const fill = (t) => {
    const a = [222, 235, 247];
    const b = [8, 48, 107];
    return `rgb(${a.map((c, i) => Math.round(c + (b[i] - c) * t)).join(',')})`;
  };
  let body = '';
  columns.forEach(([, label], j) => {
    const words = label.split(' ');
    const half = Math.ceil(words.length / 2);
    const lines = words.length > 2 ? [words.slice(0, half).join(' '), words.slice(half).join(' ')] : [label];
    lines.forEach((line, k) => (body += text(left + j * cellW + cellW / 2, top - 8 - (lines.length - 1 - k) * 14, line, 'text-anchor="middle" fill="#333"')));
  });
  rows.forEach((row, i) => {
    body += text(left - 8, top + i * cellH + cellH / 2 + 4, row, 'text-anchor="end" fill="#333"');
    columns.forEach(([column], j) => {
      const d = data.find((c) => c.row === row && c.column === column);
      const x = left + j * cellW;
      const y = top + i * cellH;
      if (!d || d.value === null) {
        body += `<rect x="${x + 1}" y="${y + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="#f4f4f4"/>` + text(x + cellW / 2, y + cellH / 2 + 4, 'no data', 'text-anchor="middle" fill="#999"');
        return;
      }
      body += `<rect class="mark cell" data-chart="${name}" x="${x + 1}" y="${y + 1}" width="${cellW - 2}" height="${cellH - 2}" fill="${fill(d.normalized)}">${title(`${row} · ${d.columnLabel} (${d.statistic}): ${formatValue(column, d.value)} over ${d.n}`)}</rect>`;
      body += text(x + cellW / 2, y + cellH / 2 + 5, formatValue(column, d.value), `text-anchor="middle" font-size="13" fill="${d.normalized > 0.55 ? '#fff' : '#111'}"`);
    });
  });
  return svg(width, height, 'Segment x metric heatmap', body);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short axis label of a trend period: `Sep 3`, `W36`, `Sep 2025`. */
export function periodLabel({ period, start, unit }) {
  const [y, m, d] = start.split('-').map(Number);
  if (unit === 'week') return period.slice(5);
  if (unit === 'month') return `${MONTHS[m - 1]} ${y}`;
  return `${MONTHS[m - 1]} ${d}`;
}

/** Line chart: one path per series; a null value breaks the line. */
export function lineChart(points, { series, colors, metric, heading, name = 'trend' }) {
  const width = 580;
  const height = 220;
  const left = 64;
  const right = 90;
  const top = 28;
  const bottom = 30;
  const periods = [...new Set(points.map((p) => p.period))];
  const values = points.map((p) => p.value).filter((v) => v !== null);
  const [lo, hi] = values.length && Math.max(...values) > 0 ? nice(Math.min(0, ...values), Math.max(...values), 5) : [0, 1];
  const x = periods.length === 1 ? () => (left + width - right) / 2 : linear([0, periods.length - 1], [left, width - right]);
  const y = linear([lo, hi], [height - bottom, top]);
  let body = text(left, 16, heading, 'font-size="13" font-weight="600"');
  for (const t of ticks(lo, hi, 5)) {
    body += `<line x1="${left}" x2="${width - right}" y1="${r2(y(t))}" y2="${r2(y(t))}" stroke="#e5e5e5"/>`;
    body += text(left - 6, y(t) + 4, formatTick(metric, t), 'text-anchor="end" fill="#555" font-size="11"');
  }
  const every = Math.max(1, Math.ceil(periods.length / 7));
  const starts = new Map(points.map((p) => [p.period, p]));
  periods.forEach((p, i) => {
    if (i % every === 0) body += text(x(i), height - 10, periodLabel(starts.get(p)), 'text-anchor="middle" fill="#555" font-size="11"');
  });
  series.forEach((s, k) => {
    const byPeriod = new Map(points.filter((p) => p.series === s).map((p) => [p.period, p.value]));
    let d = '';
    let dots = '';
    periods.forEach((p, i) => {
      const v = byPeriod.get(p);
      if (v === null || v === undefined) return;
      const before = byPeriod.get(periods[i - 1]);
      const after = byPeriod.get(periods[i + 1]);
      const joined = before !== null && before !== undefined;
      d += `${joined ? 'L' : 'M'}${r2(x(i))},${r2(y(v))}`;
      // A point with no neighbour would draw nothing as a line: mark it with a dot.
      if (!joined && (after === null || after === undefined)) dots += `<circle cx="${r2(x(i))}" cy="${r2(y(v))}" r="3" fill="${colors(s)}"/>`;
    });
    body += `<path class="mark line" data-chart="${name}" d="${d}" fill="none" stroke="${colors(s)}" stroke-width="2">${title(String(s ?? 'All'))}</path>${dots}`;
    body += `<line x1="${width - right + 12}" x2="${width - right + 30}" y1="${top + 10 + k * 20}" y2="${top + 10 + k * 20}" stroke="${colors(s)}" stroke-width="3"/>`;
    body += text(width - right + 36, top + 14 + k * 20, String(s ?? 'Other'), 'fill="#333"');
  });
  return svg(width, height, heading, body);
}

/**
 * The hand-written CSV floor: a one-thread streaming byte scanner written for exactly the sample's
 * column order (influencer_id,campaign_type,date,category,follower_count,engagement_rate,
 * impressions,clicks,add_to_cart,purchases,revenue), no quotes, no validation, no row report,
 * naive floating-point sums. It does the job the library's report needs, and no more:
 *
 * - ids kept as text (`"007"` and `"7"` differ): the id bytes are hashed into an open-addressing
 *   table, decoded once per distinct id; dates likewise, each distinct date turned once into a day
 *   number, its ISO week start (Monday) and its month start;
 * - per influencer: rows, the four counts, revenue, first and last date, the most frequent category
 *   (ties: first in sort order), the follower count on the latest date (ties: the largest);
 * - per influencer, the money noise of the rows that have a revenue: Σ rev²/clicks, Σ rev and the
 *   row count (and the same with impressions), giving the pooled within-influencer variance of
 *   revenue per click and per impression;
 * - per influencer and period: rows, counts and revenue at the trend's `auto` granularity (day when
 *   the file's dates span at most 120 days, ISO week up to 731, else month). The span is only known
 *   as the scan goes, so cells start per day, are rolled up into week and month cells once the span
 *   passes 120 days, and keep months only once it passes 731; at the end the cells of the final unit
 *   are summed into a trend per period and segment;
 * - ratio-of-sums rates, a percentile-rank score of four rates (0.3/0.3/0.2/0.2), terciles, and the
 *   summary CSV ordered by id (numeric ids numerically).
 *
 * It is what a competent engineer writes for one file layout; the library is measured against it.
 * The cell tables, calendar helpers and the tail (`finishReport`) also serve the report floor over
 * row objects (`floorRowsReport` in floor.mjs).
 */
import { openSync, readSync, closeSync } from 'node:fs';

/** Open-addressing table from byte strings to dense slots; the key text is decoded once. */
class BytesTable {
  constructor(bits = 14) {
    this.mask = (1 << bits) - 1;
    this.heads = new Int32Array(1 << bits).fill(-1);
    this.hashes = new Int32Array(1 << (bits - 1));
    this.starts = new Int32Array(1 << (bits - 1));
    this.lengths = new Int32Array(1 << (bits - 1));
    this.store = new Uint8Array(1 << 16);
    this.used = 0;
    this.keys = [];
  }
  slot(b, s, e) {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    let k = h & this.mask;
    const len = e - s;
    for (;;) {
      const g = this.heads[k];
      if (g < 0) break;
      if (this.hashes[g] === h && this.lengths[g] === len) {
        const o = this.starts[g];
        let same = true;
        for (let i = 0; i < len; i++) {
          if (this.store[o + i] !== b[s + i]) {
            same = false;
            break;
          }
        }
        if (same) return g;
      }
      k = (k + 1) & this.mask;
    }
    const g = this.keys.length;
    if (this.used + len > this.store.length) {
      const bigger = new Uint8Array(Math.max(this.store.length * 2, this.used + len));
      bigger.set(this.store);
      this.store = bigger;
    }
    if (g >= this.hashes.length) {
      const grow = (a) => {
        const x = new Int32Array(a.length * 2);
        x.set(a);
        return x;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
    }
    this.store.set(b.subarray(s, e), this.used);
    this.hashes[g] = h;
    this.starts[g] = this.used;
    this.lengths[g] = len;
    this.used += len;
    this.heads[k] = g;
    this.keys.push(Buffer.from(b.buffer, b.byteOffset + s, len).toString('latin1'));
    if (this.keys.length * 2 > this.mask) this.rehash();
    return g;
  }
  rehash() {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.heads = new Int32Array(size).fill(-1);
    for (let g = 0; g < this.keys.length; g++) {
      let k = this.hashes[g] & this.mask;
      while (this.heads[k] >= 0) k = (k + 1) & this.mask;
      this.heads[k] = g;
    }
  }
}

/**
 * The money noise of one row with a revenue, at `noise[o ..]`: Σ rev²/clicks, Σ rev and n over the
 * rows with clicks, then the same over the rows with impressions.
 */
export function addNoise(noise, o, rev, clk, imp) {
  if (clk > 0) {
    noise[o] += (rev * rev) / clk;
    noise[o + 1] += rev;
    noise[o + 2]++;
  }
  if (imp > 0) {
    noise[o + 3] += (rev * rev) / imp;
    noise[o + 4] += rev;
    noise[o + 5]++;
  }
}

export const grow = (a, size, fill = 0) => {
  const b = new a.constructor(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
};

/**
 * Open-addressing table from (influencer slot, period start) to a cell of rows, impressions, clicks,
 * add_to_cart, purchases and revenue. Multiplicative hashing: the top bits of the mixed key × 2^32/φ
 * index the table, which is kept at most half full.
 */
export class CellTable {
  constructor(bits = 16) {
    this.cap = 1 << bits;
    this.heads = new Int32Array(this.cap * 2).fill(-1);
    this.shift = 32 - (bits + 1);
    this.slots = new Int32Array(this.cap);
    this.periods = new Int32Array(this.cap);
    this.sums = new Float64Array(this.cap * 6);
    this.count = 0;
  }
  add(g, p, rows, imp, clk, atc, pur, rev) {
    const mask = this.heads.length - 1;
    let h = Math.imul(Math.imul(g, 0x01000193) ^ p, 0x9e3779b1) >>> this.shift;
    let cell;
    for (;;) {
      cell = this.heads[h];
      if (cell < 0 || (this.periods[cell] === p && this.slots[cell] === g)) break;
      h = (h + 1) & mask;
    }
    if (cell < 0) {
      cell = this.count++;
      if (cell >= this.cap) {
        this.grow();
        h = Math.imul(Math.imul(g, 0x01000193) ^ p, 0x9e3779b1) >>> this.shift;
        const m = this.heads.length - 1;
        while (this.heads[h] >= 0) h = (h + 1) & m;
      }
      this.heads[h] = cell;
      this.slots[cell] = g;
      this.periods[cell] = p;
    }
    const q = cell * 6;
    const s = this.sums;
    s[q] += rows;
    s[q + 1] += imp;
    s[q + 2] += clk;
    s[q + 3] += atc;
    s[q + 4] += pur;
    s[q + 5] += rev;
  }
  grow() {
    this.cap *= 2;
    this.slots = grow(this.slots, this.cap);
    this.periods = grow(this.periods, this.cap);
    this.sums = grow(this.sums, this.cap * 6);
    this.heads = new Int32Array(this.cap * 2).fill(-1);
    this.shift--;
    const m = this.heads.length - 1;
    for (let k = 0; k < this.count - 1; k++) {
      let x = Math.imul(Math.imul(this.slots[k], 0x01000193) ^ this.periods[k], 0x9e3779b1) >>> this.shift;
      while (this.heads[x] >= 0) x = (x + 1) & m;
      this.heads[x] = k;
    }
  }
  /** Adds every cell of `from` into this table, its period mapped by `periodOf`. */
  rollUp(from, periodOf) {
    const s = from.sums;
    for (let k = 0; k < from.count; k++) {
      const q = k * 6;
      this.add(from.slots[k], periodOf(from.periods[k]), s[q], s[q + 1], s[q + 2], s[q + 3], s[q + 4], s[q + 5]);
    }
  }
}

/**
 * Day numbers: days since 0000-03-01 of the proleptic Gregorian calendar, i.e. days since 1970-01-01
 * plus 719468, so non-negative for any four-digit year (civil-date algorithms of H. Hinnant).
 */
export function dayNumber(y, m, d) {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
}
/** [year, month, day] of a day number. */
function civil(z) {
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}
/** Monday of the ISO week of a day number (day 0, 0000-03-01, is a Wednesday). */
export const weekStart = (z) => z - ((z + 2) % 7);
export const monthStart = (z) => {
  const [y, m] = civil(z);
  return dayNumber(y, m, 1);
};
const iso = (z) => {
  const [y, m, d] = civil(z);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
export const DAY = 0;
export const WEEK = 1;
export const MONTH = 2;
/** The trend's `auto` granularity for a span of days (last − first + 1). */
export const autoUnit = (span) => (span <= 120 ? DAY : span <= 731 ? WEEK : MONTH);

/**
 * The distinct dates of a floor (by index, in order of first sight) with their day number, ISO week
 * start and month start, the span seen so far and, with `periods`, the (influencer, period) cells at
 * the trend's `auto` unit: per day while the span is at most 120 days, rolled up into week and month
 * cells past that (both fed from then on), months alone past 731. Shared by every report floor.
 */
export class DatePeriods {
  constructor(periods) {
    this.periods = periods;
    this.dayOf = new Int32Array(256);
    this.weekOf = new Int32Array(256);
    this.monthOf = new Int32Array(256);
    this.minDay = Infinity;
    this.maxDay = -Infinity;
    this.unit = DAY;
    this.dayCells = periods ? new CellTable(16) : null;
    this.weekCells = null;
    this.monthCells = null;
  }
  /** Records distinct date `d` (the next index), given as year, month and day. */
  addDate(d, y, m, day) {
    if (d >= this.dayOf.length) {
      this.dayOf = grow(this.dayOf, this.dayOf.length * 2);
      this.weekOf = grow(this.weekOf, this.weekOf.length * 2);
      this.monthOf = grow(this.monthOf, this.monthOf.length * 2);
    }
    const z = dayNumber(y, m, day);
    this.dayOf[d] = z;
    this.weekOf[d] = weekStart(z);
    this.monthOf[d] = dayNumber(y, m, 1);
    if (z < this.minDay) this.minDay = z;
    if (z > this.maxDay) this.maxDay = z;
    const next = autoUnit(this.maxDay - this.minDay + 1);
    if (next <= this.unit) return;
    if (this.periods) {
      if (this.unit === DAY) {
        this.monthCells = new CellTable(14);
        this.monthCells.rollUp(this.dayCells, monthStart);
        if (next === WEEK) {
          this.weekCells = new CellTable(15);
          this.weekCells.rollUp(this.dayCells, weekStart);
        }
        this.dayCells = null;
      } else this.weekCells = null;
    }
    this.unit = next;
  }
  /** Adds a row of influencer slot `g` on date `d` to its period cell(s). */
  addRow(g, d, imp, clk, atc, pur, rev) {
    if (this.unit === DAY) this.dayCells.add(g, this.dayOf[d], 1, imp, clk, atc, pur, rev);
    else {
      if (this.unit === WEEK) this.weekCells.add(g, this.weekOf[d], 1, imp, clk, atc, pur, rev);
      this.monthCells.add(g, this.monthOf[d], 1, imp, clk, atc, pur, rev);
    }
  }
  /** The unit of the whole span (day when no date was seen). */
  finalUnit() {
    return this.maxDay >= this.minDay ? autoUnit(this.maxDay - this.minDay + 1) : DAY;
  }
  /** The cells by unit for `finishReport`, or null without periods. */
  cells() {
    return this.periods ? { [DAY]: this.dayCells, [WEEK]: this.weekCells, [MONTH]: this.monthCells } : null;
  }
}

/**
 * The end of the floor's report, shared by the CSV and the row-object floors: ratio-of-sums rates, a
 * percentile-rank score of four rates (0.3/0.3/0.2/0.2), terciles, the pooled money noise, the trend
 * per period and segment from the cells of the final unit, and the summary CSV ordered by id. Per
 * influencer slot `g`: `sums[g * 6 ..]` rows, impressions, clicks, add_to_cart, purchases, revenue;
 * `noise[g * 6 ..]` Σ rev²/clicks, Σ rev, n, then the same over impressions; `followers[g]` (−1 when
 * unknown); `categoryCounts[g * categoryStride + k]` the rows of category `k`. `cells` maps DAY, WEEK
 * and MONTH to cell tables (or is null: no trend). Returns `{ csv, trend, within }`.
 */
export function finishReport({ size, ids, sums, noise, followers, categoryNames, categoryCounts, categoryStride, firstDate, lastDate, unit, cells }) {
  // Rates, score (percentile ranks of four rates, weighted 0.3/0.3/0.2/0.2), terciles, summary CSV.
  const CATS = categoryStride;
  const catNames = categoryNames;
  const catOrder = catNames.map((_, k) => k).sort((a, b) => (catNames[a] < catNames[b] ? -1 : 1));
  const ratio = (a, b) => (b > 0 ? a / b : null);
  const lines = [];
  for (let g = 0; g < size; g++) {
    const o = g * 6;
    let mode = -1;
    for (const k of catOrder) if (mode < 0 || categoryCounts[g * CATS + k] > categoryCounts[g * CATS + mode]) mode = k;
    lines.push({
      g,
      id: ids[g],
      ctr: ratio(sums[o + 2], sums[o + 1]),
      atc: ratio(sums[o + 3], sums[o + 2]),
      buy: ratio(sums[o + 4], sums[o + 3]),
      conv: ratio(sums[o + 4], sums[o + 1]),
      rpc: ratio(sums[o + 5], sums[o + 2]),
      rpi: ratio(sums[o + 5], sums[o + 1]),
      category: mode >= 0 && categoryCounts[g * CATS + mode] > 0 ? catNames[mode] : '',
      score: 0,
      segment: 0,
    });
  }
  const rank = (key) => {
    const values = lines.map((l) => l[key]).filter((v) => v !== null).sort((a, b) => a - b);
    const at = new Map();
    for (let i = 0; i < values.length; ) {
      let j = i;
      while (j + 1 < values.length && values[j + 1] === values[i]) j++;
      at.set(values[i], values.length > 1 ? (i + j) / 2 / (values.length - 1) : 0.5);
      i = j + 1;
    }
    return (v) => (v === null ? 0 : at.get(v));
  };
  const rc = rank('conv');
  const rr = rank('rpc');
  const rt = rank('ctr');
  const rb = rank('buy');
  for (const l of lines) l.score = 0.3 * rc(l.conv) + 0.3 * rr(l.rpc) + 0.2 * rt(l.ctr) + 0.2 * rb(l.buy);
  const sorted = lines.map((l) => l.score).sort((a, b) => a - b);
  const q = (p) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]);
  };
  const q1 = q(1 / 3);
  const q2 = q(2 / 3);
  const LABELS = ['Low', 'Mid', 'High'];
  for (const l of lines) l.segment = l.score <= q1 ? 0 : l.score <= q2 ? 1 : 2;

  // Money noise: Σ over influencers with n >= 2 of max(0, Σ rev²/x − (Σ rev)²/X), over Σ (n − 1),
  // where x is the row's clicks (impressions) and X the influencer's total.
  const within = (k, total) => {
    let num = 0;
    let den = 0;
    for (let g = 0; g < size; g++) {
      const o = g * 6;
      const cnt = noise[o + k + 2];
      if (cnt < 2) continue;
      num += Math.max(0, noise[o + k] - (noise[o + k + 1] * noise[o + k + 1]) / sums[o + total]);
      den += cnt - 1;
    }
    return den > 0 ? num / den : null;
  };

  // Trend: per period and segment, the counts and revenue of the cells of the final unit.
  const trend = [];
  if (cells) {
    const table = cells[unit];
    const index = new Map();
    for (let cell = 0; cell < table.count; cell++) {
      const z = table.periods[cell];
      if (!index.has(z)) index.set(z, index.size);
    }
    const buckets = new Float64Array(index.size * 3 * 6);
    for (let cell = 0; cell < table.count; cell++) {
      const b = (index.get(table.periods[cell]) * 3 + lines[table.slots[cell]].segment) * 6;
      for (let k = 0; k < 6; k++) buckets[b + k] += table.sums[cell * 6 + k];
    }
    for (const z of [...index.keys()].sort((a, b) => a - b)) {
      const period = iso(z);
      for (let s = 0; s < 3; s++) {
        const b = (index.get(z) * 3 + s) * 6;
        trend.push({
          period,
          segment: LABELS[s],
          rows: buckets[b],
          impressions: buckets[b + 1],
          clicks: buckets[b + 2],
          addToCart: buckets[b + 3],
          purchases: buckets[b + 4],
          revenue: buckets[b + 5],
        });
      }
    }
  }

  const numeric = (s) => /^(0|[1-9][0-9]{0,14})$/.test(s);
  lines.sort((a, b) => {
    const na = numeric(a.id);
    const nb = numeric(b.id);
    if (na && nb) return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    if (na !== nb) return na ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  let csv =
    'influencer_id,category,follower_count,rows,impressions,clicks,add_to_cart,purchases,revenue,ctr,atc_rate,purchase_rate,overall_conv,rpc,rpi,first_date,last_date,score,segment\n';
  for (const l of lines) {
    const g = l.g;
    const o = g * 6;
    csv += `${l.id},${l.category},${followers[g] < 0 ? '' : followers[g]},${sums[o]},${sums[o + 1]},${sums[o + 2]},${sums[o + 3]},${sums[o + 4]},${sums[o + 5]},${l.ctr ?? ''},${l.atc ?? ''},${l.buy ?? ''},${l.conv ?? ''},${l.rpc ?? ''},${l.rpi ?? ''},${firstDate(g)},${lastDate(g)},${l.score},${LABELS[l.segment]}\n`;
  }
  return { csv, trend, within: { rpc: within(0, 2), rpi: within(3, 1) } };
}

/**
 * Runs the floor pipeline over `path`; returns the summary CSV text. The trend rows are left in
 * `floorCSV.lastTrend` (and its unit in `floorCSV.lastUnit`), the pooled within-influencer variances
 * of revenue per click and per impression in `floorCSV.lastWithin`. `periods: false` skips the
 * per-period cells (and the trend).
 */
export function floorCSV(path, { periods = true } = {}) {
  const ids = new BytesTable(14);
  const dates = new BytesTable(10);
  const categories = new BytesTable(6);
  let cap = 1 << 14;
  // Per influencer: rows, impressions, clicks, add_to_cart, purchases, revenue.
  let sums = new Float64Array(cap * 6);
  // Per influencer, over rows with a revenue: Σ rev²/clk, Σ rev, n (clicks > 0); the same for impressions.
  let noise = new Float64Array(cap * 6);
  let firstDate = new Int32Array(cap).fill(-1);
  let lastDate = new Int32Array(cap).fill(-1);
  let followers = new Float64Array(cap).fill(-1);
  let followersDate = new Int32Array(cap).fill(-1);
  const CATS = 16;
  let categoryCounts = new Int32Array(cap * CATS);
  // Distinct dates and, with periods, the cells per influencer and period.
  const calendar = new DatePeriods(periods);
  let dateCount = 0;
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let carry = 0;
  let header = true;
  for (;;) {
    const read = readSync(fd, buffer, carry, buffer.length - carry, null);
    const n = carry + read;
    if (n === 0) break;
    let p = 0;
    for (;;) {
      const lf = buffer.indexOf(10, p);
      if (lf < 0 || lf >= n) break;
      if (header) {
        header = false;
        p = lf + 1;
        continue;
      }
      let i = p;
      let c;
      while (buffer[i] !== 44) i++;
      const g = ids.slot(buffer, p, i);
      if (g >= cap) {
        cap *= 2;
        sums = grow(sums, cap * 6);
        noise = grow(noise, cap * 6);
        firstDate = grow(firstDate, cap, -1);
        lastDate = grow(lastDate, cap, -1);
        followers = grow(followers, cap, -1);
        followersDate = grow(followersDate, cap, -1);
        categoryCounts = grow(categoryCounts, cap * CATS);
      }
      i++;
      while (buffer[i++] !== 44); // campaign_type
      const ds = i;
      while (buffer[i] !== 44) i++;
      const d = dates.slot(buffer, ds, i);
      if (d === dateCount) {
        // A new distinct date (YYYY-MM-DD).
        dateCount++;
        let y = 0;
        let m = 0;
        let day = 0;
        let part = 0;
        for (let k = ds; k < i; k++) {
          const b = buffer[k];
          if (b === 45) part++;
          else if (part === 0) y = y * 10 + b - 48;
          else if (part === 1) m = m * 10 + b - 48;
          else day = day * 10 + b - 48;
        }
        calendar.addDate(d, y, m, day);
      }
      const cs = ++i;
      while (buffer[i] !== 44) i++;
      const cat = categories.slot(buffer, cs, i);
      i++;
      let fol = 0;
      while ((c = buffer[i++]) !== 44) fol = fol * 10 + c - 48;
      while (buffer[i++] !== 44); // engagement_rate
      let imp = 0;
      while ((c = buffer[i++]) !== 44) imp = imp * 10 + c - 48;
      let clk = 0;
      while ((c = buffer[i++]) !== 44) clk = clk * 10 + c - 48;
      let atc = 0;
      while ((c = buffer[i++]) !== 44) atc = atc * 10 + c - 48;
      let pur = 0;
      while ((c = buffer[i++]) !== 44) pur = pur * 10 + c - 48;
      const hasRevenue = buffer[i] !== 10 && buffer[i] !== 13;
      let cents = 0;
      let scale = 1;
      let dot = false;
      while ((c = buffer[i++]) !== 10) {
        if (c === 46) dot = true;
        else if (c !== 13) {
          cents = cents * 10 + c - 48;
          if (dot) scale *= 10;
        }
      }
      const rev = cents / scale;
      const o = g * 6;
      sums[o]++;
      sums[o + 1] += imp;
      sums[o + 2] += clk;
      sums[o + 3] += atc;
      sums[o + 4] += pur;
      sums[o + 5] += rev;
      if (hasRevenue) addNoise(noise, o, rev, clk, imp);
      const dayOf = calendar.dayOf;
      const key = dayOf[d];
      if (firstDate[g] < 0 || key < dayOf[firstDate[g]]) firstDate[g] = d;
      if (lastDate[g] < 0 || key > dayOf[lastDate[g]]) lastDate[g] = d;
      const fd = followersDate[g];
      if (fd < 0 || key > dayOf[fd] || (key === dayOf[fd] && fol > followers[g])) {
        followers[g] = fol;
        followersDate[g] = d;
      }
      categoryCounts[g * CATS + cat]++;
      if (periods) calendar.addRow(g, d, imp, clk, atc, pur, rev);
      p = lf + 1;
    }
    carry = n - p;
    buffer.copyWithin(0, p, n);
    if (read === 0) break;
  }
  closeSync(fd);

  const finalUnit = calendar.finalUnit();
  const { csv, trend, within } = finishReport({
    size: ids.keys.length,
    ids: ids.keys,
    sums,
    noise,
    followers,
    categoryNames: categories.keys,
    categoryCounts,
    categoryStride: CATS,
    firstDate: (g) => dates.keys[firstDate[g]],
    lastDate: (g) => dates.keys[lastDate[g]],
    unit: finalUnit,
    cells: calendar.cells(),
  });
  floorCSV.lastWithin = within;
  floorCSV.lastTrend = trend;
  floorCSV.lastUnit = ['day', 'week', 'month'][finalUnit];
  return csv;
}

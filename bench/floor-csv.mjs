/**
 * The hand-written CSV floor: a one-thread streaming byte scanner written for exactly the sample's
 * column order (influencer_id,campaign_type,date,category,follower_count,engagement_rate,
 * impressions,clicks,add_to_cart,purchases,revenue), no quotes, no validation, no row report,
 * naive floating-point sums. It does the job the library's report needs, and no more:
 *
 * - ids kept as text (`"007"` and `"7"` differ): the id bytes are hashed into an open-addressing
 *   table, decoded once per distinct id;
 * - per influencer: rows, the four counts, revenue, first and last date, the most frequent category
 *   (ties: first in sort order), the follower count on the latest date (ties: the largest);
 * - per influencer and date: rows, counts and revenue (what the library's trend chart and its
 *   per-day money noise read), summed into a trend of the four counts and revenue per date and
 *   segment;
 * - ratio-of-sums rates, a percentile-rank score of four rates (0.3/0.3/0.2/0.2), terciles, and the
 *   summary CSV ordered by id (numeric ids numerically).
 *
 * It is what a competent engineer writes for one file layout; the library is measured against it.
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

const grow = (a, size, fill = 0) => {
  const b = new a.constructor(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
};

/** Runs the floor pipeline over `path`; returns the summary CSV text (and the trend rows). */
export function floorCSV(path, { byDate = true } = {}) {
  const ids = new BytesTable(14);
  const dates = new BytesTable(10);
  const categories = new BytesTable(6);
  let cap = 1 << 14;
  // Per influencer: rows, impressions, clicks, add_to_cart, purchases, revenue.
  let sums = new Float64Array(cap * 6);
  let firstDate = new Int32Array(cap).fill(-1);
  let lastDate = new Int32Array(cap).fill(-1);
  let followers = new Float64Array(cap).fill(-1);
  let followersDate = new Int32Array(cap).fill(-1);
  const CATS = 16;
  let categoryCounts = new Int32Array(cap * CATS);
  // Per influencer and date: a slot per (influencer, date) pair, and its rows, counts and revenue.
  let cellCap = 1 << 16;
  let cellHeads = new Int32Array(cellCap * 2).fill(-1);
  /** Multiplicative hashing: the top bits of key × 2^32/φ index the table. */
  let cellShift = 32 - 17;
  let cellKeys = new Float64Array(cellCap);
  let cells = new Float64Array(cellCap * 6);
  let cellCount = 0;
  let dateKeys = new Float64Array(256); // YYYYMMDD of each distinct date
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
        const old = cap;
        cap *= 2;
        sums = grow(sums, cap * 6);
        firstDate = grow(firstDate, cap, -1);
        lastDate = grow(lastDate, cap, -1);
        followers = grow(followers, cap, -1);
        followersDate = grow(followersDate, cap, -1);
        categoryCounts = grow(categoryCounts, cap * CATS);
        void old;
      }
      i++;
      while (buffer[i++] !== 44); // campaign_type
      const ds = i;
      while (buffer[i] !== 44) i++;
      const d = dates.slot(buffer, ds, i);
      if (d >= dateKeys.length) dateKeys = grow(dateKeys, dateKeys.length * 2);
      if (dateKeys[d] === 0) {
        let key = 0;
        for (let k = ds; k < i; k++) if (buffer[k] !== 45) key = key * 10 + buffer[k] - 48;
        dateKeys[d] = key;
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
      const key = dateKeys[d];
      if (firstDate[g] < 0 || key < dateKeys[firstDate[g]]) firstDate[g] = d;
      if (lastDate[g] < 0 || key > dateKeys[lastDate[g]]) lastDate[g] = d;
      const fd = followersDate[g];
      if (fd < 0 || key > dateKeys[fd] || (key === dateKeys[fd] && fol > followers[g])) {
        followers[g] = fol;
        followersDate[g] = d;
      }
      categoryCounts[g * CATS + cat]++;
      if (byDate) {
        const cellKey = g * 65536 + d;
        const mask = cellHeads.length - 1;
        let h = Math.imul(cellKey | 0, 0x9e3779b1) >>> cellShift;
        let cell;
        for (;;) {
          cell = cellHeads[h];
          if (cell < 0 || cellKeys[cell] === cellKey) break;
          h = (h + 1) & mask;
        }
        if (cell < 0) {
          cell = cellCount++;
          if (cell >= cellCap) {
            cellCap *= 2;
            cellKeys = grow(cellKeys, cellCap);
            cells = grow(cells, cellCap * 6);
            cellHeads = new Int32Array(cellCap * 2).fill(-1);
            cellShift--;
            const m = cellHeads.length - 1;
            for (let k = 0; k < cell; k++) {
              let x = Math.imul(cellKeys[k] | 0, 0x9e3779b1) >>> cellShift;
              while (cellHeads[x] >= 0) x = (x + 1) & m;
              cellHeads[x] = k;
            }
            h = Math.imul(cellKey | 0, 0x9e3779b1) >>> cellShift;
            while (cellHeads[h] >= 0) h = (h + 1) & m;
          }
          cellHeads[h] = cell;
          cellKeys[cell] = cellKey;
        }
        const q = cell * 6;
        cells[q]++;
        cells[q + 1] += imp;
        cells[q + 2] += clk;
        cells[q + 3] += atc;
        cells[q + 4] += pur;
        cells[q + 5] += rev;
      }
      p = lf + 1;
    }
    carry = n - p;
    buffer.copyWithin(0, p, n);
    if (read === 0) break;
  }
  closeSync(fd);

  // Rates, score (percentile ranks of four rates, weighted 0.3/0.3/0.2/0.2), terciles, summary CSV.
  const size = ids.keys.length;
  const catNames = categories.keys;
  const catOrder = catNames.map((_, k) => k).sort((a, b) => (catNames[a] < catNames[b] ? -1 : 1));
  const ratio = (a, b) => (b > 0 ? a / b : null);
  const lines = [];
  for (let g = 0; g < size; g++) {
    const o = g * 6;
    let mode = -1;
    for (const k of catOrder) if (mode < 0 || categoryCounts[g * CATS + k] > categoryCounts[g * CATS + mode]) mode = k;
    lines.push({
      g,
      id: ids.keys[g],
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

  // Trend: per date and segment, the counts and revenue of the (influencer, date) cells.
  const trend = [];
  if (byDate) {
    const nDates = dates.keys.length;
    const buckets = new Float64Array(nDates * 3 * 6);
    for (let cell = 0; cell < cellCount; cell++) {
      const key = cellKeys[cell];
      const g = Math.floor(key / 65536);
      const d = key - g * 65536;
      const b = (d * 3 + lines[g].segment) * 6;
      for (let k = 0; k < 6; k++) buckets[b + k] += cells[cell * 6 + k];
    }
    const order = dates.keys.map((_, d) => d).sort((a, b) => dateKeys[a] - dateKeys[b]);
    for (const d of order) {
      for (let s = 0; s < 3; s++) {
        const b = (d * 3 + s) * 6;
        trend.push({ date: dates.keys[d], segment: LABELS[s], rows: buckets[b], impressions: buckets[b + 1], clicks: buckets[b + 2], revenue: buckets[b + 5] });
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
    csv += `${l.id},${l.category},${followers[g] < 0 ? '' : followers[g]},${sums[o]},${sums[o + 1]},${sums[o + 2]},${sums[o + 3]},${sums[o + 4]},${sums[o + 5]},${l.ctr ?? ''},${l.atc ?? ''},${l.buy ?? ''},${l.conv ?? ''},${l.rpc ?? ''},${l.rpi ?? ''},${dates.keys[firstDate[g]]},${dates.keys[lastDate[g]]},${l.score},${LABELS[l.segment]}\n`;
  }
  floorCSV.lastTrend = trend;
  return csv;
}

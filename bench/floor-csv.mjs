/**
 * The hand-written CSV floor: a one-thread streaming byte scanner written for exactly the sample's
 * schema (column order fixed, ids 1..N, no quotes, no validation), summing into typed arrays with
 * naive floating-point sums, then rates, a percentile-rank score, terciles and the summary CSV.
 * It is what a careful engineer writes for one file layout; the library is measured against it.
 */
import { openSync, readSync, closeSync } from 'node:fs';

/** Runs the floor pipeline over `path`; returns the summary CSV text. */
export function floorCSV(path) {
  const cap = 1 << 16;
  const rows = new Float64Array(cap);
  const impressions = new Float64Array(cap);
  const clicks = new Float64Array(cap);
  const addToCart = new Float64Array(cap);
  const purchases = new Float64Array(cap);
  const revenue = new Float64Array(cap);
  let maxId = 0;
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
      // influencer_id,campaign_type,date,category,follower_count,engagement_rate,impressions,clicks,add_to_cart,purchases,revenue
      let i = p;
      let id = 0;
      let c;
      while ((c = buffer[i++]) !== 44) id = id * 10 + c - 48;
      for (let skip = 0; skip < 5; skip++) while (buffer[i++] !== 44);
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
        else {
          cents = cents * 10 + c - 48;
          if (dot) scale *= 10;
        }
      }
      rows[id]++;
      impressions[id] += imp;
      clicks[id] += clk;
      addToCart[id] += atc;
      purchases[id] += pur;
      revenue[id] += cents / scale;
      if (id > maxId) maxId = id;
      p = lf + 1;
    }
    carry = n - p;
    buffer.copyWithin(0, p, n);
    if (read === 0) break;
  }
  closeSync(fd);
  // Rates, score (percentile ranks of four rates, weighted 0.3/0.3/0.2/0.2), terciles, summary CSV.
  const ids = [];
  for (let id = 0; id <= maxId; id++) if (rows[id] > 0) ids.push(id);
  const ratio = (a, b) => (b > 0 ? a / b : null);
  const lines = ids.map((id) => ({
    id,
    ctr: ratio(clicks[id], impressions[id]),
    atc: ratio(addToCart[id], clicks[id]),
    buy: ratio(purchases[id], addToCart[id]),
    conv: ratio(purchases[id], impressions[id]),
    rpc: ratio(revenue[id], clicks[id]),
    rpi: ratio(revenue[id], impressions[id]),
  }));
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
  let csv = 'influencer_id,impressions,clicks,add_to_cart,purchases,revenue,ctr,atc_rate,purchase_rate,overall_conv,rpc,rpi,score,segment\n';
  for (const l of lines) {
    const id = l.id;
    const segment = l.score <= q1 ? 'Low' : l.score <= q2 ? 'Mid' : 'High';
    csv += `${id},${impressions[id]},${clicks[id]},${addToCart[id]},${purchases[id]},${revenue[id]},${l.ctr ?? ''},${l.atc ?? ''},${l.buy ?? ''},${l.conv ?? ''},${l.rpc ?? ''},${l.rpi ?? ''},${l.score},${segment}\n`;
  }
  return csv;
}

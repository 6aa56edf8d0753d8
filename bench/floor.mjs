/**
 * Hand-written floors for in-memory input, with nothing general about them: typed arrays indexed by
 * a group slot, naive floating-point sums (not exact), no validation, no dimensions, no merging
 * state. What a careful engineer writes for one data set in one afternoon. The benchmark reports
 * every contender as a ratio to these loops.
 *
 * - `floorRows` / `floorColumns`: the same per-influencer job as `aggregate`;
 * - `floorRowsReport`: the job of the report `analyze` builds from row objects, as the CSV floor
 *   (floor-csv.mjs) does it from a file: per influencer and per influencer and period, then rates,
 *   score, terciles, trend and the summary CSV.
 */
import { addNoise, DatePeriods, finishReport, grow } from './floor-csv.mjs';

/**
 * Per influencer: rows, the four counts, revenue and cost sums, the six per-row rate sums and
 * counts, the money noise of the rows with a revenue (Σ rev²/clicks, Σ rev and n over the rows with
 * clicks; the same over impressions), the most frequent category, the follower count on the latest
 * date and the date range: what `aggregate` keeps. Reads `get(i)` style accessors so that one loop
 * serves rows (objects) and columns.
 */
function floorLoop(n, id, impressionsAt, clicksAt, atcAt, purchasesAt, revenueAt, costAt, dateAt, categoryAt, followersAt) {
  const slots = new Map();
  let size = 0;
  let cap = 1024;
  let counts = new Float64Array(cap * 13);
  let sums = new Float64Array(cap * 8);
  let noise = new Float64Array(cap * 6);
  let latest = new Float64Array(cap).fill(-1);
  let latestDate = [];
  let firstDate = [];
  let lastDate = [];
  const categoryIds = new Map();
  let categoryCounts = new Float64Array(cap * 16);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const key = id(i);
    let g = slots.get(key);
    if (g === undefined) {
      g = size++;
      slots.set(key, g);
      ids.push(key);
      if (size > cap) {
        cap *= 2;
        const grow = (a, stride, fill = 0) => {
          const b = new Float64Array(cap * stride).fill(fill);
          b.set(a);
          return b;
        };
        counts = grow(counts, 13);
        sums = grow(sums, 8);
        noise = grow(noise, 6);
        latest = grow(latest, 1, -1);
        categoryCounts = grow(categoryCounts, 16);
      }
    }
    const imp = impressionsAt(i);
    const clk = clicksAt(i);
    const atc = atcAt(i);
    const pur = purchasesAt(i);
    const rev = revenueAt(i);
    const cost = costAt(i);
    const o = g * 13;
    const s = g * 8;
    counts[o]++;
    counts[o + 1] += imp;
    counts[o + 2] += clk;
    counts[o + 3] += atc;
    counts[o + 4] += pur;
    if (rev === rev) {
      sums[s] += rev;
      counts[o + 5]++;
      addNoise(noise, g * 6, rev, clk, imp);
    }
    if (cost === cost) {
      sums[s + 1] += cost;
      counts[o + 6]++;
    }
    if (imp > 0) {
      sums[s + 2] += clk / imp;
      sums[s + 5] += pur / imp;
      counts[o + 7]++;
      counts[o + 10]++;
      if (rev === rev) {
        sums[s + 7] += rev / imp;
        counts[o + 12]++;
      }
    }
    if (clk > 0) {
      sums[s + 3] += atc / clk;
      counts[o + 8]++;
      if (rev === rev) {
        sums[s + 6] += rev / clk;
        counts[o + 11]++;
      }
    }
    if (atc > 0) {
      sums[s + 4] += pur / atc;
      counts[o + 9]++;
    }
    const category = categoryAt(i);
    if (category !== null) {
      let c = categoryIds.get(category);
      if (c === undefined) categoryIds.set(category, (c = categoryIds.size));
      if (c < 16) categoryCounts[g * 16 + c]++;
    }
    const date = dateAt(i);
    const followers = followersAt(i);
    if (date !== null) {
      const first = firstDate[g];
      if (first === undefined || date < first) firstDate[g] = date;
      const last = lastDate[g];
      if (last === undefined || date > last) lastDate[g] = date;
      if (followers >= 0) {
        const current = latestDate[g];
        if (current === undefined || date > current || (date === current && followers > latest[g])) {
          latest[g] = followers;
          latestDate[g] = date;
        }
      }
    }
  }
  return { size, ids, counts, sums, noise, latest, firstDate, lastDate, categoryCounts, categories: [...categoryIds.keys()] };
}

/** The floor over an array of row objects (the shape `parseEvents` returns). */
export function floorRows(rows) {
  return floorLoop(
    rows.length,
    (i) => rows[i].influencerId,
    (i) => rows[i].impressions,
    (i) => rows[i].clicks,
    (i) => rows[i].addToCart,
    (i) => rows[i].purchases,
    (i) => rows[i].revenue ?? NaN,
    (i) => rows[i].cost ?? NaN,
    (i) => rows[i].date,
    (i) => rows[i].category,
    (i) => rows[i].followerCount ?? -1,
  );
}

/** The floor over columns (typed arrays for numbers, NaN for a missing amount). */
export function floorColumns(c) {
  return floorLoop(
    c.influencerId.length,
    (i) => c.influencerId[i],
    (i) => c.impressions[i],
    (i) => c.clicks[i],
    (i) => c.addToCart[i],
    (i) => c.purchases[i],
    (i) => c.revenue[i],
    (i) => NaN,
    (i) => c.date[i],
    (i) => c.category[i],
    (i) => c.followerCount[i],
  );
}

/**
 * The report floor over validated row objects (the shape `parseEvents` returns): the job of
 * `floorCSV` (bench/floor-csv.mjs) with the rows already in memory. Ids are the Map keys of dense
 * slots; each distinct date string is turned once into a day number, its ISO week start and its
 * month start; per influencer: rows, the four counts, revenue, first and last date, the most
 * frequent category, the follower count on the latest date (rows without a date count as earliest;
 * ties: the largest), the money noise of the rows with a revenue; per influencer and period: cells at
 * the trend's `auto` granularity, kept per day, rolled into week and month cells once the span
 * passes 120 days and into months alone past 731. Rows without a date have no period. Returns the
 * summary CSV text; the trend rows are left in `floorRowsReport.lastTrend` (its unit in `lastUnit`),
 * the pooled within-influencer variances in `lastWithin`.
 */
export function floorRowsReport(rows) {
  return reportFloor(
    rows.length,
    (i) => rows[i].influencerId,
    (i) => rows[i].impressions,
    (i) => rows[i].clicks,
    (i) => rows[i].addToCart,
    (i) => rows[i].purchases,
    (i) => rows[i].revenue,
    (i) => rows[i].date,
    (i) => rows[i].category,
    (i) => rows[i].followerCount,
    true,
    floorRowsReport,
  );
}

/**
 * The same report floor over columns (typed arrays for numbers, NaN for a missing amount), per
 * influencer only (`analyze` on an aggregate of columns has no dates per row, so no trend): sums,
 * money noise, first and last date, category, follower count, then rates, score, terciles and the
 * summary CSV.
 */
export function floorColumnsReport(c) {
  return reportFloor(
    c.influencerId.length,
    (i) => c.influencerId[i],
    (i) => c.impressions[i],
    (i) => c.clicks[i],
    (i) => c.addToCart[i],
    (i) => c.purchases[i],
    (i) => (c.revenue[i] === c.revenue[i] ? c.revenue[i] : null),
    (i) => c.date[i],
    (i) => c.category[i],
    (i) => (c.followerCount[i] === c.followerCount[i] ? c.followerCount[i] : null),
    false,
    floorColumnsReport,
  );
}

function reportFloor(n, idAt, impressionsAt, clicksAt, atcAt, purchasesAt, revenueAt, dateAt, categoryAt, followersAt, periods, out) {
  const slots = new Map();
  const ids = [];
  let cap = 1 << 14;
  // Per influencer: rows, impressions, clicks, add_to_cart, purchases, revenue.
  let sums = new Float64Array(cap * 6);
  // Per influencer, over rows with a revenue: Σ rev²/clk, Σ rev, n (clicks > 0); the same for impressions.
  let noise = new Float64Array(cap * 6);
  // Date index of the first and last date (-1: none); follower count and the day it was seen on
  // (-2: none yet, -1: a row without a date).
  let firstDate = new Int32Array(cap).fill(-1);
  let lastDate = new Int32Array(cap).fill(-1);
  let followers = new Float64Array(cap).fill(-1);
  let followersDay = new Int32Array(cap).fill(-2);
  const categoryIds = new Map();
  let CATS = 16;
  let categoryCounts = new Int32Array(cap * CATS);
  // Per distinct date string: its index (day number, week and month starts, and the period cells
  // in `calendar`).
  const dateIds = new Map();
  const dateKeys = [];
  const calendar = new DatePeriods(periods);
  let previousDate = null;
  let d = -1;
  for (let i = 0; i < n; i++) {
    const id = idAt(i);
    let g = slots.get(id);
    if (g === undefined) {
      g = ids.length;
      slots.set(id, g);
      ids.push(id);
      if (g >= cap) {
        cap *= 2;
        sums = grow(sums, cap * 6);
        noise = grow(noise, cap * 6);
        firstDate = grow(firstDate, cap, -1);
        lastDate = grow(lastDate, cap, -1);
        followers = grow(followers, cap, -1);
        followersDay = grow(followersDay, cap, -2);
        categoryCounts = grow(categoryCounts, cap * CATS);
      }
    }
    const imp = impressionsAt(i);
    const clk = clicksAt(i);
    const atc = atcAt(i);
    const pur = purchasesAt(i);
    const revenue = revenueAt(i);
    const rev = revenue === null ? 0 : revenue;
    const o = g * 6;
    sums[o]++;
    sums[o + 1] += imp;
    sums[o + 2] += clk;
    sums[o + 3] += atc;
    sums[o + 4] += pur;
    sums[o + 5] += rev;
    if (revenue !== null) addNoise(noise, o, rev, clk, imp);
    const category = categoryAt(i);
    if (category !== null) {
      let c = categoryIds.get(category);
      if (c === undefined) {
        c = categoryIds.size;
        categoryIds.set(category, c);
        if (c >= CATS) {
          // More categories than the stride: widen every influencer's counts.
          const wider = new Int32Array(cap * CATS * 2);
          for (let k = 0; k < ids.length; k++) wider.set(categoryCounts.subarray(k * CATS, (k + 1) * CATS), k * CATS * 2);
          CATS *= 2;
          categoryCounts = wider;
        }
      }
      categoryCounts[g * CATS + c]++;
    }
    const date = dateAt(i);
    const fol = followersAt(i);
    if (date === null) {
      if (fol !== null && followersDay[g] < 0 && (followersDay[g] === -2 || fol > followers[g])) {
        followers[g] = fol;
        followersDay[g] = -1;
      }
      continue;
    }
    if (date !== previousDate) {
      previousDate = date;
      d = dateIds.get(date);
      if (d === undefined) {
        // A new distinct date (YYYY-MM-DD): its day number, week and month starts, and the span so far.
        d = dateKeys.length;
        dateIds.set(date, d);
        dateKeys.push(date);
        const digit = (k) => date.charCodeAt(k) - 48;
        calendar.addDate(d, digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3), digit(5) * 10 + digit(6), digit(8) * 10 + digit(9));
      }
    }
    const dayOf = calendar.dayOf;
    const key = dayOf[d];
    if (firstDate[g] < 0 || key < dayOf[firstDate[g]]) firstDate[g] = d;
    if (lastDate[g] < 0 || key > dayOf[lastDate[g]]) lastDate[g] = d;
    if (fol !== null && (key > followersDay[g] || (key === followersDay[g] && fol > followers[g]))) {
      followers[g] = fol;
      followersDay[g] = key;
    }
    if (periods) calendar.addRow(g, d, imp, clk, atc, pur, rev);
  }

  const finalUnit = calendar.finalUnit();
  const { csv, trend, within } = finishReport({
    size: ids.length,
    ids,
    sums,
    noise,
    followers,
    categoryNames: [...categoryIds.keys()],
    categoryCounts,
    categoryStride: CATS,
    firstDate: (g) => (firstDate[g] < 0 ? '' : dateKeys[firstDate[g]]),
    lastDate: (g) => (lastDate[g] < 0 ? '' : dateKeys[lastDate[g]]),
    unit: finalUnit,
    cells: calendar.cells(),
  });
  out.lastWithin = within;
  out.lastTrend = trend;
  out.lastUnit = ['day', 'week', 'month'][finalUnit];
  return csv;
}

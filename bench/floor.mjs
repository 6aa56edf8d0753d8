/**
 * Hand-written floors: the same per-influencer job as `aggregate` with nothing general about it.
 * Typed arrays indexed by a group slot, naive floating-point sums (not exact), no validation, no
 * dimensions, no merging state. What a careful engineer writes for one data set in one afternoon.
 * The benchmark reports every contender as a ratio to these loops.
 */

/**
 * Per influencer: rows, the four counts, revenue and cost sums, the six per-row rate sums and
 * counts, the most frequent category, the follower count on the latest date and the date range.
 * Reads `get(i)` style accessors so that one loop serves rows (objects) and columns.
 */
function floorLoop(n, id, impressionsAt, clicksAt, atcAt, purchasesAt, revenueAt, costAt, dateAt, categoryAt, followersAt) {
  const slots = new Map();
  let size = 0;
  let cap = 1024;
  let counts = new Float64Array(cap * 13);
  let sums = new Float64Array(cap * 8);
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
  return { size, ids, counts, sums, latest, firstDate, lastDate, categoryCounts, categories: [...categoryIds.keys()] };
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

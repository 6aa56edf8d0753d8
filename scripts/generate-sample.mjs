#!/usr/bin/env node
/**
 * Deterministic sample data generator for influencer-funnel.
 *
 * Writes examples/data/events.csv: 100 influencers x 30 days
 * (2025-09-01 .. 2025-09-30), one row per influencer per day, rows ordered
 * by date, then by influencer id (numerically). 3000 data rows + header.
 *
 * Usage:   npm run sample        (= node scripts/generate-sample.mjs)
 *          node scripts/generate-sample.mjs [output-path]
 *
 * No dependencies, no Math.random, no clock: every run produces a
 * byte-identical file (LF line ends, final newline, no BOM).
 *
 * Columns:
 *   influencer_id,campaign_type,date,category,follower_count,engagement_rate,
 *   impressions,clicks,add_to_cart,purchases,revenue
 *
 * Model (per influencer, own seeded PRNG stream):
 *   - follower_count: lognormal (median ~40k), clamped to 1,000..5,000,000,
 *     drifting slightly (a small linear growth or decline) day by day;
 *   - engagement_rate: per-influencer base (higher for small accounts) with
 *     daily noise, 4 decimals;
 *   - impressions: followers x lognormal reach fraction (heavy tailed);
 *   - clicks ~ Binomial(impressions, CTR), CTR in 0.5%..4%;
 *   - add_to_cart ~ Binomial(clicks, 5%..20%);
 *   - purchases ~ Binomial(add_to_cart, 10%..40%);
 *   - revenue = purchases x order value (20.00..150.00, with cents), computed
 *     in integer cents and written with 2 decimals.
 *   - campaign_type is drawn per row from {Awareness, Conversion, Engagement}
 *     with per-influencer weights; Conversion rows get a slightly higher CTR.
 *   - category: one per influencer; influencers 12, 31, 64 and 90 post in a
 *     second category on roughly a quarter of their days.
 *
 * Deliberate blemishes (everything else is funnel-consistent:
 * clicks <= impressions, add_to_cart <= clicks, purchases <= add_to_cart):
 *   (a) zero-traffic days (impressions = clicks = add_to_cart = purchases = 0,
 *       revenue 0.00): influencer 23 on 2025-09-14 and influencer 58 on
 *       2025-09-03.
 *   (b) influencer 77: normal impressions all month, but only 3 clicks in
 *       total (one each on 2025-09-08, 2025-09-16, 2025-09-24) and a single
 *       purchase of 2499.00 on 2025-09-16. It has by far the highest
 *       revenue per click in the data set (833.00).
 *   (c) tracking glitch: exactly one row with more clicks than impressions,
 *       influencer 42 on 2025-09-17.
 *
 * The script checks these invariants before writing and exits non-zero if
 * any of them does not hold.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20250901;
const N_INFLUENCERS = 100;
const N_DAYS = 30;
const YEAR = 2025;
const MONTH = 9;

const CAMPAIGN_TYPES = ['Awareness', 'Conversion', 'Engagement'];
const CATEGORIES = ['fashion', 'beauty', 'tech', 'fitness', 'food', 'travel', 'gaming'];

const ZERO_TRAFFIC = [
  { id: 23, day: 14 },
  { id: 58, day: 3 },
];
const LOW_CLICK_ID = 77;
const LOW_CLICK_DAYS = [8, 16, 24]; // one click on each of these days
const LOW_CLICK_PURCHASE_DAY = 16;
const LOW_CLICK_ORDER_CENTS = 249900;
const GLITCH = { id: 42, day: 17 };
const SECOND_CATEGORY_IDS = new Set([12, 31, 64, 90]);

const HEADER = [
  'influencer_id',
  'campaign_type',
  'date',
  'category',
  'follower_count',
  'engagement_rate',
  'impressions',
  'clicks',
  'add_to_cart',
  'purchases',
  'revenue',
];

// ---------------------------------------------------------------------------
// PRNG and distributions
// ---------------------------------------------------------------------------

/** mulberry32: small, fast 32-bit seeded PRNG returning floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent 32-bit seed for a sub-stream (splitmix-style mix). */
function deriveSeed(base, k) {
  let h = (base ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  uniform(lo = 0, hi = 1) {
    return lo + (hi - lo) * this.next();
  }
  int(lo, hi) {
    // inclusive bounds
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  normal() {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  lognormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  poisson(mean) {
    // Knuth; only used for small means.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }
  /** Binomial-ish draw: exact for small n, Poisson/normal approximations otherwise. */
  binomial(n, p) {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    let k;
    if (n <= 50) {
      k = 0;
      for (let i = 0; i < n; i += 1) if (this.next() < p) k += 1;
    } else {
      const mean = n * p;
      if (mean < 30) {
        k = this.poisson(mean);
      } else {
        k = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
      }
    }
    return Math.min(n, Math.max(0, k));
  }
  weighted(items, weights) {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i += 1) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

const pad2 = (n) => String(n).padStart(2, '0');
const dateOf = (day) => `${YEAR}-${pad2(MONTH)}-${pad2(day)}`;
const formatCents = (cents) => `${Math.floor(cents / 100)}.${pad2(cents % 100)}`;

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

function makeProfile(id) {
  const rng = new Rng(deriveSeed(SEED, id));
  const followers = Math.round(clamp(rng.lognormal(40000, 1.6), 1000, 5000000));
  const category = CATEGORIES[rng.int(0, CATEGORIES.length - 1)];
  let secondCategory = CATEGORIES[rng.int(0, CATEGORIES.length - 2)];
  if (secondCategory === category) secondCategory = CATEGORIES[CATEGORIES.length - 1];
  // Smaller accounts tend to have higher engagement.
  const sizeFactor = clamp((Math.log10(followers) - 3) / (Math.log10(5000000) - 3), 0, 1);
  const baseEngagement = clamp(0.09 - 0.07 * sizeFactor + 0.01 * rng.normal(), 0.005, 0.15);
  return {
    id,
    rng,
    followers,
    growthPerDay: rng.uniform(-0.0008, 0.004),
    category,
    secondCategory,
    baseEngagement,
    reachMedian: rng.uniform(0.08, 0.3),
    ctr: rng.uniform(0.006, 0.03),
    atcRate: rng.uniform(0.06, 0.18),
    purchaseRate: rng.uniform(0.12, 0.36),
    orderMedian: rng.uniform(35, 90),
    campaignWeights: [rng.uniform(0.5, 2), rng.uniform(0.5, 2), rng.uniform(0.5, 2)],
  };
}

function makeRow(profile, day) {
  const { rng, id } = profile;
  const campaignType = rng.weighted(CAMPAIGN_TYPES, profile.campaignWeights);
  const category =
    SECOND_CATEGORY_IDS.has(id) && rng.next() < 0.25 ? profile.secondCategory : profile.category;
  const followerCount = Math.round(
    clamp(profile.followers * (1 + profile.growthPerDay * (day - 1)), 1000, 5000000),
  );
  const engagementRate = clamp(profile.baseEngagement * Math.exp(0.15 * rng.normal()), 0.001, 0.25);

  const reach = clamp(profile.reachMedian * Math.exp(0.7 * rng.normal()), 0.005, 3);
  let impressions = Math.round(followerCount * reach);

  const ctrBoost = campaignType === 'Conversion' ? 1.25 : campaignType === 'Awareness' ? 0.85 : 1;
  const ctr = clamp(profile.ctr * ctrBoost * Math.exp(0.2 * rng.normal()), 0.005, 0.04);
  let clicks = rng.binomial(impressions, ctr);

  const atcRate = clamp(profile.atcRate * Math.exp(0.15 * rng.normal()), 0.05, 0.2);
  let addToCart = rng.binomial(clicks, atcRate);

  const purchaseRate = clamp(profile.purchaseRate * Math.exp(0.15 * rng.normal()), 0.1, 0.4);
  let purchases = rng.binomial(addToCart, purchaseRate);

  const orderCents = Math.round(clamp(rng.lognormal(profile.orderMedian, 0.3), 20, 150) * 100);
  let revenueCents = purchases * orderCents;

  // --- blemishes -----------------------------------------------------------
  if (ZERO_TRAFFIC.some((z) => z.id === id && z.day === day)) {
    impressions = 0;
    clicks = 0;
    addToCart = 0;
    purchases = 0;
    revenueCents = 0;
  }
  if (id === LOW_CLICK_ID) {
    clicks = LOW_CLICK_DAYS.includes(day) ? 1 : 0;
    const bought = day === LOW_CLICK_PURCHASE_DAY;
    addToCart = bought ? 1 : 0;
    purchases = bought ? 1 : 0;
    revenueCents = bought ? LOW_CLICK_ORDER_CENTS : 0;
  }
  if (id === GLITCH.id && day === GLITCH.day) {
    // Impressions under-reported by the tracking pixel: fewer than clicks.
    clicks = Math.max(clicks, 12);
    impressions = Math.max(1, Math.floor(clicks / 3));
  }

  return {
    influencer_id: String(id),
    campaign_type: campaignType,
    date: dateOf(day),
    category,
    follower_count: followerCount,
    engagement_rate: engagementRate.toFixed(4),
    impressions,
    clicks,
    add_to_cart: addToCart,
    purchases,
    revenueCents,
  };
}

function generate() {
  const profiles = [];
  for (let id = 1; id <= N_INFLUENCERS; id += 1) profiles.push(makeProfile(id));
  // Each profile draws its own days in order, so the data for one influencer
  // does not depend on the output ordering.
  const byInfluencer = profiles.map((p) => {
    const rows = [];
    for (let day = 1; day <= N_DAYS; day += 1) rows.push(makeRow(p, day));
    return rows;
  });
  const rows = [];
  for (let d = 0; d < N_DAYS; d += 1) {
    for (let i = 0; i < N_INFLUENCERS; i += 1) rows.push(byInfluencer[i][d]);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Invariant checks
// ---------------------------------------------------------------------------

function check(rows) {
  const fail = (msg) => {
    throw new Error(`generate-sample: invariant violated: ${msg}`);
  };
  if (rows.length !== N_INFLUENCERS * N_DAYS) fail('row count');

  const glitches = rows.filter((r) => r.clicks > r.impressions);
  if (glitches.length !== 1) fail(`expected exactly one clicks > impressions row, got ${glitches.length}`);
  if (glitches[0].influencer_id !== String(GLITCH.id)) fail('glitch row id');

  for (const r of rows) {
    if (r.add_to_cart > r.clicks) fail(`add_to_cart > clicks for ${r.influencer_id} ${r.date}`);
    if (r.purchases > r.add_to_cart) fail(`purchases > add_to_cart for ${r.influencer_id} ${r.date}`);
    if ((r.purchases === 0) !== (r.revenueCents === 0)) fail(`revenue/purchases mismatch ${r.influencer_id} ${r.date}`);
    for (const k of ['follower_count', 'impressions', 'clicks', 'add_to_cart', 'purchases', 'revenueCents']) {
      if (!Number.isInteger(r[k]) || r[k] < 0) fail(`${k} not a non-negative integer`);
    }
    if (r.follower_count < 1000 || r.follower_count > 5000000) fail('follower_count range');
  }

  for (const z of ZERO_TRAFFIC) {
    const r = rows.find((x) => x.influencer_id === String(z.id) && x.date === dateOf(z.day));
    if (r.impressions + r.clicks + r.add_to_cart + r.purchases + r.revenueCents !== 0) fail('zero-traffic row');
  }

  const totals = new Map();
  for (const r of rows) {
    const t = totals.get(r.influencer_id) ?? { clicks: 0, impressions: 0, atc: 0, purchases: 0, cents: 0 };
    t.clicks += r.clicks;
    t.impressions += r.impressions;
    t.atc += r.add_to_cart;
    t.purchases += r.purchases;
    t.cents += r.revenueCents;
    totals.set(r.influencer_id, t);
  }
  const low = totals.get(String(LOW_CLICK_ID));
  if (low.clicks !== 3 || low.purchases !== 1 || low.cents !== LOW_CLICK_ORDER_CENTS) fail('influencer 77 totals');
  if (low.impressions < 1000) fail('influencer 77 impressions too low');
  const lowRpc = low.cents / low.clicks;
  for (const [id, t] of totals) {
    if (id === String(LOW_CLICK_ID)) continue;
    if (t.clicks === 0) fail(`influencer ${id} has no clicks`);
    if (t.atc === 0) fail(`influencer ${id} has no add_to_cart`);
    if (t.cents / t.clicks * 10 > lowRpc) fail(`influencer ${id} revenue per click too close to 77`);
  }
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

function toCsv(rows) {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.influencer_id,
        r.campaign_type,
        r.date,
        r.category,
        r.follower_count,
        r.engagement_rate,
        r.impressions,
        r.clicks,
        r.add_to_cart,
        r.purchases,
        formatCents(r.revenueCents),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const here = dirname(fileURLToPath(import.meta.url));
const outPath = resolve(process.argv[2] ?? resolve(here, '..', 'examples', 'data', 'events.csv'));

const rows = generate();
check(rows);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, toCsv(rows), 'utf8');
process.stdout.write(`wrote ${rows.length} rows to ${outPath}\n`);

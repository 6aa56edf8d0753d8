#!/usr/bin/env node
/**
 * Deterministic benchmark data in the sample's schema (examples/data/events.csv):
 *   influencer_id,campaign_type,date,category,follower_count,engagement_rate,
 *   impressions,clicks,add_to_cart,purchases,revenue
 * 10,000 influencers, one row per influencer per day, ordered by date then id. A seeded PRNG
 * (mulberry32) and no clock: the same row count always gives a byte-identical file.
 *
 * Usage: node bench/generate.mjs <rows> <output.csv>
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const INFLUENCERS = 10_000;
const CAMPAIGN_TYPES = ['Awareness', 'Conversion', 'Engagement'];
const CATEGORIES = ['fashion', 'beauty', 'tech', 'fitness', 'food', 'travel', 'gaming'];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);

function dateOf(day) {
  const d = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Writes `rows` rows to `path`; resolves when the file is closed. */
export async function generate(rows, path) {
  mkdirSync(dirname(path), { recursive: true });
  const rng = mulberry32(20250901);
  const profiles = [];
  for (let id = 1; id <= INFLUENCERS; id++) {
    const followers = Math.round(1000 + 40000 * Math.exp(1.6 * (rng() + rng() + rng() - 1.5)));
    profiles.push({
      followers,
      category: CATEGORIES[Math.floor(rng() * CATEGORIES.length)],
      second: CATEGORIES[Math.floor(rng() * CATEGORIES.length)],
      reach: 0.08 + 0.22 * rng(),
      ctr: 0.006 + 0.024 * rng(),
      atc: 0.06 + 0.12 * rng(),
      buy: 0.12 + 0.24 * rng(),
      order: 35 + 55 * rng(),
      growth: -0.0008 + 0.0048 * rng(),
    });
  }
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('influencer_id,campaign_type,date,category,follower_count,engagement_rate,impressions,clicks,add_to_cart,purchases,revenue\n');
  let buffer = '';
  let today = '';
  for (let r = 0; r < rows; r++) {
    const day = Math.floor(r / INFLUENCERS);
    const id = (r % INFLUENCERS) + 1;
    const p = profiles[id - 1];
    if (id === 1) today = dateOf(day);
    const followers = Math.round(p.followers * (1 + p.growth * day));
    const impressions = Math.round(followers * p.reach * (0.3 + 1.4 * rng()));
    const clicks = Math.round(impressions * p.ctr * (0.5 + rng()));
    const atc = Math.round(clicks * p.atc * (0.5 + rng()));
    const purchases = Math.round(atc * p.buy * (0.5 + rng()));
    const cents = Math.round(purchases * p.order * (0.7 + 0.6 * rng()) * 100);
    const category = rng() < 0.1 ? p.second : p.category;
    const campaign = CAMPAIGN_TYPES[Math.floor(rng() * 3)];
    const engagement = (0.01 + 0.08 * rng()).toFixed(4);
    buffer += `${id},${campaign},${today},${category},${followers},${engagement},${impressions},${clicks},${atc},${purchases},${Math.floor(cents / 100)}.${pad2(cents % 100)}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const path = process.argv[3] ?? `out/bench/events-${rows}.csv`;
  await generate(rows, path);
  console.log(`wrote ${rows} rows to ${path}`);
}

// A simulated population with known truth: each influencer's true stage rates and order values
// are drawn, then observed day by day through binomial noise, with heavy-tailed reach. Its own
// random numbers (mulberry32), independent of the library's generator.

/** mulberry32: a small 32-bit generator (T. Ettinger), uniform in (0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

export interface Sampler {
  readonly uniform: () => number;
  readonly normal: () => number;
  readonly gamma: (shape: number) => number;
  readonly beta: (a: number, b: number) => number;
  readonly binomial: (n: number, p: number) => number;
}

export function sampler(seed: number): Sampler {
  const uniform = mulberry32(seed);
  // Box–Muller, cosine branch only: simple and independent of the library's polar method.
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  // Gamma: Marsaglia–Tsang without the squeeze step, written out again here.
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * Math.pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (a: number, b: number) => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
  // Exact binomial: count the successes by geometric waiting times (O(n·min(p, 1 − p))).
  const binomial = (n: number, p: number): number => {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - binomial(n, 1 - p);
    const logQ = Math.log(1 - p);
    let k = 0;
    let at = 0;
    for (;;) {
      at += Math.floor(Math.log(uniform()) / logQ) + 1;
      if (at > n) return k;
      k++;
    }
  };
  return { uniform, normal, gamma, beta, binomial };
}

export interface TrueInfluencer {
  readonly influencerId: string;
  readonly ctr: number;
  readonly atcRate: number;
  readonly purchaseRate: number;
  /** Mean order value. */
  readonly orderValue: number;
  /** Mean impressions per day. */
  readonly reach: number;
}

export interface DayRow {
  readonly influencerId: string;
  readonly date: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  readonly revenue: number;
  readonly cost: number | null;
}

export interface Totals {
  readonly influencerId: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly addToCart: number;
  readonly purchases: number;
  readonly revenue: number;
  readonly cost: number | null;
}

export const ORDER_SIGMA = 0.6;

/** True influencers: Beta-distributed stage rates, log-normal order values and log-normal (heavy-tailed) reach. */
export function trueInfluencers(s: Sampler, count: number): TrueInfluencer[] {
  return Array.from({ length: count }, (_, i) => {
    const logValue = Math.log(50) + 0.3 * s.normal();
    return {
      influencerId: `inf${String(i).padStart(3, '0')}`,
      ctr: s.beta(4, 196),
      atcRate: s.beta(6, 54),
      purchaseRate: s.beta(8, 24),
      orderValue: Math.exp(logValue + (ORDER_SIGMA * ORDER_SIGMA) / 2),
      reach: Math.exp(Math.log(600) + 1.3 * s.normal()),
    };
  });
}

/** `days` days of each influencer observed through binomial noise (day `firstDay` onward); cost per impression `cpm / 1000` when given. */
export function observe(s: Sampler, truth: readonly TrueInfluencer[], days: number, options: { firstDay?: number; cpm?: number } = {}): DayRow[] {
  const rows: DayRow[] = [];
  const first = options.firstDay ?? 0;
  for (const t of truth) {
    const logMean = Math.log(t.orderValue) - (ORDER_SIGMA * ORDER_SIGMA) / 2;
    for (let day = 0; day < days; day++) {
      const impressions = Math.max(0, Math.round(t.reach * Math.exp(0.3 * s.normal())));
      const clicks = s.binomial(impressions, t.ctr);
      const addToCart = s.binomial(clicks, t.atcRate);
      const purchases = s.binomial(addToCart, t.purchaseRate);
      let revenue = 0;
      for (let k = 0; k < purchases; k++) revenue += Math.exp(logMean + ORDER_SIGMA * s.normal());
      const date = new Date(Date.UTC(2025, 0, 1 + first + day)).toISOString().slice(0, 10);
      const cost = options.cpm === undefined ? null : Math.round(impressions * options.cpm * 0.1) / 100;
      rows.push({ influencerId: t.influencerId, date, impressions, clicks, addToCart, purchases, revenue: Math.round(revenue * 100) / 100, cost });
    }
  }
  return rows;
}

/** Per-influencer totals of day rows, in first-seen order. */
export function totalsOf(rows: readonly DayRow[]): Totals[] {
  const by = new Map<string, { influencerId: string; impressions: number; clicks: number; addToCart: number; purchases: number; revenue: number; cost: number | null }>();
  for (const r of rows) {
    let t = by.get(r.influencerId);
    if (!t) by.set(r.influencerId, (t = { influencerId: r.influencerId, impressions: 0, clicks: 0, addToCart: 0, purchases: 0, revenue: 0, cost: r.cost === null ? null : 0 }));
    t.impressions += r.impressions;
    t.clicks += r.clicks;
    t.addToCart += r.addToCart;
    t.purchases += r.purchases;
    t.revenue += r.revenue;
    if (t.cost !== null && r.cost !== null) t.cost += r.cost;
  }
  return [...by.values()];
}

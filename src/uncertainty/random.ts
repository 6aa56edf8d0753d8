/**
 * The seeded random numbers behind the posterior draws: a xoshiro128** generator per influencer
 * stream, seeded from the user's seed and the influencer's id, with the variates the draws need
 * (uniform, normal, gamma, beta). No `Math.random`: the same seed and input give the same draws, in
 * any input order, on every run.
 *
 * References:
 * - D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021
 *   (xoshiro128** 1.0, https://prng.di.unimi.it/xoshiro128starstar.c).
 * - G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014
 *   (SplitMix), here on 32-bit words with the MurmurHash3 finaliser (A. Appleby) as mixer.
 * - G. Marsaglia, T. A. Bray, "A convenient method for generating normal variables", SIAM Review
 *   6(3), 1964 (polar method).
 * - G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 *   2000 (with the `U^(1/a)` boost for shapes below 1).
 * - Beta as `X / (X + Y)` with independent gammas `X ~ Γ(a)`, `Y ~ Γ(b)` (L. Devroye, "Non-Uniform
 *   Random Variate Generation", 1986, IX.4).
 * @module
 */

/** The MurmurHash3 32-bit finaliser: a bijection of 32-bit words that mixes every bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** A 32-bit hash of the UTF-16 code units of `text` under `key` (MurmurHash3's block step per unit). */
function hashText(text: string, key: number): number {
  let h = key | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

const GOLDEN = 0x9e3779b9;

/**
 * A xoshiro128** generator with the polar method's spare normal. Its whole state is four 32-bit
 * words and the spare, so a caller can keep one stream per influencer in typed arrays
 * ({@link Random.store}, {@link Random.load}) and resume it exactly. @internal
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The polar method's second normal, `NaN` when there is none. */
  private spare = NaN;

  /**
   * Seeds the stream of `id` in stream family `stream` under the user's `seed` (a safe integer):
   * two independent 32-bit hashes of the id (so 10,000 ids share a stream with probability about
   * 1e-11), each expanded to two words by SplitMix32.
   */
  seed(seed: number, id: string, stream: number): this {
    const lo = seed % 0x100000000 | 0;
    const hi = Math.floor(seed / 0x100000000) | 0;
    const key1 = fmix32(lo ^ Math.imul(stream + 1, GOLDEN));
    const key2 = fmix32(hi ^ fmix32(key1 + 0x7f4a7c15) ^ Math.imul(stream + 1, 0x632be5ab));
    let x = hashText(id, key1);
    let y = hashText(id, key2 ^ 0x5bd1e995);
    x = (x + GOLDEN) | 0;
    this.s0 = fmix32(x);
    x = (x + GOLDEN) | 0;
    this.s1 = fmix32(x);
    y = (y + GOLDEN) | 0;
    this.s2 = fmix32(y);
    y = (y + GOLDEN) | 0;
    this.s3 = fmix32(y);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = NaN;
    return this;
  }

  /** Saves the state at slot `i` (four words in `words`, the spare in `spares`). */
  store(words: Int32Array, spares: Float64Array, i: number): void {
    const at = 4 * i;
    words[at] = this.s0;
    words[at + 1] = this.s1;
    words[at + 2] = this.s2;
    words[at + 3] = this.s3;
    spares[i] = this.spare;
  }

  /** Resumes the state saved at slot `i`. */
  load(words: Int32Array, spares: Float64Array, i: number): void {
    const at = 4 * i;
    this.s0 = words[at]!;
    this.s1 = words[at + 1]!;
    this.s2 = words[at + 2]!;
    this.s3 = words[at + 3]!;
    this.spare = spares[i]!;
  }

  /** The next 32-bit output, as an unsigned integer. */
  uint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform number in the open interval (0, 1): `(u + 1/2) / 2^32` for a 32-bit output `u`. */
  uniform(): number {
    return (this.uint32() + 0.5) * 2.3283064365386963e-10;
  }

  /** A standard normal (Marsaglia–Bray polar method; the pair's second value is kept for the next call). */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** A `Γ(shape, 1)` variate for `shape >= 1` (Marsaglia–Tsang). */
  private gammaAtLeastOne(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * The logarithm of a `Γ(shape, 1)` variate, `shape > 0`: for shapes below 1,
   * `log Γ(shape + 1) + log(U) / shape`, which stays finite where the variate itself would
   * underflow to 0.
   */
  logGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.gammaAtLeastOne(shape));
    const g = this.gammaAtLeastOne(shape + 1);
    return Math.log(g) + Math.log(this.uniform()) / shape;
  }

  /** A `Γ(shape, 1)` variate, `shape > 0` (may underflow to 0 for tiny shapes). */
  gamma(shape: number): number {
    if (shape >= 1) return this.gammaAtLeastOne(shape);
    const g = this.gammaAtLeastOne(shape + 1);
    return g * Math.pow(this.uniform(), 1 / shape);
  }

  /**
   * A `Beta(a, b)` variate, `a, b > 0`, as `X / (X + Y)` with `X ~ Γ(a)`, `Y ~ Γ(b)`; in log space
   * (`1 / (1 + exp(log Y − log X))`) when a shape is below 1, so the ratio is never `0/0`.
   */
  beta(a: number, b: number): number {
    if (a >= 1 && b >= 1) {
      const x = this.gammaAtLeastOne(a);
      return x / (x + this.gammaAtLeastOne(b));
    }
    const lx = this.logGamma(a);
    const ly = this.logGamma(b);
    return 1 / (1 + Math.exp(ly - lx));
  }
}

/**
 * An open-addressing hash map from pairs of small non-negative integers (say, an id's code and a
 * date's code) to group slots: no strings hashed and no objects per entry.
 * @internal
 * @module
 */
/** Map from pairs of small non-negative integers to non-negative integers. @internal */
export class PairTable {
  private shift = 32 - 12;
  private heads = new Int32Array(1 << 12).fill(-1);
  private a = new Int32Array(1 << 11);
  private b = new Int32Array(1 << 11);
  private v = new Int32Array(1 << 11);
  private size = 0;

  private bucket(x: number, y: number): number {
    return Math.imul(Math.imul(x, 0x9e3779b1) ^ y, 0x85ebca6b) >>> this.shift;
  }

  /** The value of (x, y), or -1. */
  get(x: number, y: number): number {
    const mask = this.heads.length - 1;
    for (let h = this.bucket(x, y); ; h = (h + 1) & mask) {
      const e = this.heads[h]!;
      if (e < 0) return -1;
      if (this.a[e] === x && this.b[e] === y) return this.v[e]!;
    }
  }

  /** Sets (x, y) to `value`; the pair must not be present. */
  set(x: number, y: number, value: number): void {
    const e = this.size++;
    if (e >= this.a.length) {
      const grow = (t: Int32Array) => {
        const bigger = new Int32Array(t.length * 2);
        bigger.set(t);
        return bigger;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.v = grow(this.v);
      this.heads = new Int32Array(this.heads.length * 2).fill(-1);
      this.shift--;
      for (let k = 0; k < e; k++) this.place(k);
    }
    this.a[e] = x;
    this.b[e] = y;
    this.v[e] = value;
    this.place(e);
  }

  private place(e: number): void {
    const mask = this.heads.length - 1;
    let h = this.bucket(this.a[e]!, this.b[e]!);
    while (this.heads[h]! >= 0) h = (h + 1) & mask;
    this.heads[h] = e;
  }
}

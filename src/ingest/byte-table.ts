/**
 * An open-addressing hash table keyed by byte ranges, so that a scanner can look a cell up (an id,
 * a date, a category) without first decoding it to a string. Keys are copied into an arena once,
 * on first sight; lookups allocate nothing.
 * @module
 */

/** Maps byte strings to values of type `V`. */
export class ByteTable<V> {
  private mask: number;
  /** Per bucket: entry index + 1 (0 = empty). */
  private buckets: Int32Array;
  private hashes: Int32Array;
  private offsets: Int32Array;
  private lengths: Int32Array;
  private arena: Uint8Array;
  private used = 0;
  readonly values: V[] = [];

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.buckets = new Int32Array(size);
    this.hashes = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.arena = new Uint8Array(capacity * 16);
    this.arenaView = new DataView(this.arena.buffer);
  }

  private arenaView: DataView;

  /** Entries held. */
  get size(): number {
    return this.values.length;
  }

  /** FNV-1a over `bytes[start, end)`. */
  static hash(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    return h;
  }

  /** The entry found or added last (rows often repeat a cell: a date in a date-ordered file). */
  private last = -1;

  /** The last entry found or added, if `bytes[start, end)` is its key; else -1 (no hashing). */
  findLast(bytes: Uint8Array, view: DataView, start: number, end: number): number {
    const e = this.last;
    return e >= 0 && this.matches(e, bytes, view, start, end) ? e : -1;
  }

  /** The entry found or added last (-1: none yet). */
  get lastEntry(): number {
    return this.last;
  }

  /**
   * Whether entry `e`'s key is `bytes[start, end)`; `view` is a DataView of `bytes` (the same
   * memory), so that the bytes are compared four at a time.
   */
  matches(e: number, bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    if (this.lengths[e] !== end - start) return false;
    const arena = this.arena;
    const arenaView = this.arenaView;
    const off = this.offsets[e]! - start;
    let i = start;
    for (; i + 4 <= end; i += 4) if (arenaView.getInt32(off + i, true) !== view.getInt32(i, true)) return false;
    for (; i < end; i++) if (arena[off + i] !== bytes[i]) return false;
    return true;
  }

  /** The entry index of `bytes[start, end)` (with its precomputed `hash`), or -1. */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const len = end - start;
    const arena = this.arena;
    let b = hash & this.mask;
    for (;;) {
      const slot = this.buckets[b]!;
      if (slot === 0) return -1;
      const e = slot - 1;
      if (this.hashes[e] === hash && this.lengths[e] === len) {
        const off = this.offsets[e]!;
        let i = 0;
        while (i < len && arena[off + i] === bytes[start + i]) i++;
        if (i === len) return (this.last = e);
      }
      b = (b + 1) & this.mask;
    }
  }

  /** Adds `bytes[start, end)` (known to be absent) with `value`; returns its entry index. */
  add(bytes: Uint8Array, start: number, end: number, hash: number, value: V): number {
    const e = this.values.length;
    if (e >= this.hashes.length) this.growEntries();
    if ((e + 1) * 2 > this.mask) this.rehash();
    const len = end - start;
    if (this.used + len > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      arena.set(this.arena.subarray(0, this.used));
      this.arenaView = new DataView(arena.buffer);
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.offsets[e] = this.used;
    this.lengths[e] = len;
    this.hashes[e] = hash;
    this.used += len;
    this.values.push(value);
    let b = hash & this.mask;
    while (this.buckets[b] !== 0) b = (b + 1) & this.mask;
    this.buckets[b] = e + 1;
    return (this.last = e);
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.buckets = new Int32Array(size);
    for (let e = 0; e < this.values.length; e++) {
      let b = this.hashes[e]! & this.mask;
      while (this.buckets[b] !== 0) b = (b + 1) & this.mask;
      this.buckets[b] = e + 1;
    }
  }
}

// The keys a job has seen (a SKU per products row, SKU × warehouse per stock row, order and line
// per orders row), to report duplicates within one file and to group order lines. Held in memory
// as 64-bit hashes in typed arrays: ~13 bytes a row, no strings kept, so a million-row file costs
// ~26 MB and writes nothing per row. After a crash, `jobs resume` rebuilds it by replaying the
// committed rows of the file (verified unchanged by its hash). Two different keys with the same
// 64-bit hash would read as a duplicate: about one chance in 30 million for a million distinct keys.

export interface SeenKey {
  rowNumber: number;
  value: number;
}

const EMPTY = 0;

function hash1(s: string): number {
  // FNV-1a over UTF-16 code units
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hash2(s: string): number {
  // murmur3-style mixing, another seed: independent of hash1 for our purposes
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // 0 marks an empty slot
  return (h >>> 0) || 1;
}

export class SeenKeys {
  private capacity = 1 << 12;
  private mask = this.capacity - 1;
  private lo = new Uint32Array(this.capacity);
  private hi = new Uint32Array(this.capacity);
  private rows = new Uint32Array(this.capacity);
  private values = new Uint8Array(this.capacity);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private slot(a: number, b: number): number {
    let i = a & this.mask;
    while (this.hi[i] !== EMPTY && (this.hi[i] !== b || this.lo[i] !== a)) i = (i + 1) & this.mask;
    return i;
  }

  /** Remember `key` first seen at `rowNumber`. Returns undefined the first time, else what was stored then. */
  claim(key: string, rowNumber: number, value = 0): SeenKey | undefined {
    const a = hash1(key);
    const b = hash2(key);
    const i = this.slot(a, b);
    if (this.hi[i] !== EMPTY) return { rowNumber: this.rows[i], value: this.values[i] };
    this.lo[i] = a;
    this.hi[i] = b;
    this.rows[i] = rowNumber;
    this.values[i] = value;
    if (++this.count * 2 > this.capacity) this.grow();
    return undefined;
  }

  setValue(key: string, value: number): void {
    const i = this.slot(hash1(key), hash2(key));
    if (this.hi[i] !== EMPTY) this.values[i] = value;
  }

  private grow(): void {
    const { lo, hi, rows, values } = this;
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.lo = new Uint32Array(this.capacity);
    this.hi = new Uint32Array(this.capacity);
    this.rows = new Uint32Array(this.capacity);
    this.values = new Uint8Array(this.capacity);
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === EMPTY) continue;
      const i = this.slot(lo[j], hi[j]);
      this.lo[i] = lo[j];
      this.hi[i] = hi[j];
      this.rows[i] = rows[j];
      this.values[i] = values[j];
    }
  }
}

/**
 * A Bloom filter over strings: `mayHave(x)` is false only for a string never added (no false
 * negatives), and true for an added one or, rarely, for another (about 1% at its planned size;
 * more once more strings are added than planned). Its bits are a plain `Uint32Array`, so another
 * thread can build one and hand it over without a copy.
 *
 * @example
 * const seen = BloomFilter.forCount(100_000);
 * seen.add("s-1");
 * seen.mayHave("s-1"); // true
 * seen.mayHave("s-2"); // false (almost always)
 */
const HASHES = 7;
/** Bits per planned string: with 7 hashes, about 1% false positives. */
const BITS_PER_STRING = 10;
const MIN_BITS = 1 << 16;

export class BloomFilter {
  /**
   * @param bits the filter's bits; their count (times 32) must be a power of two.
   * @param added how many strings those bits already hold (for `addedCount`).
   */
  constructor(
    readonly bits: Uint32Array,
    private added = 0,
  ) {
    if (bits.length === 0 || (bits.length & (bits.length - 1)) !== 0) throw new RangeError("a Bloom filter needs a power-of-two number of 32-bit words");
  }

  /** An empty filter planned for `count` strings. */
  static forCount(count: number): BloomFilter {
    let bits = MIN_BITS;
    while (bits < count * BITS_PER_STRING) bits *= 2;
    return new BloomFilter(new Uint32Array(bits / 32));
  }

  /** How many strings the filter was planned for; past this, false positives grow. */
  get plannedCount(): number {
    return (this.bits.length * 32) / BITS_PER_STRING;
  }

  /** How many strings it holds: those its bits came with, and those added since. */
  get addedCount(): number {
    return this.added;
  }

  add(text: string): void {
    const mask = this.bits.length * 32 - 1;
    const [h1, h2] = hashes(text);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + i * h2) & mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.added++;
  }

  mayHave(text: string): boolean {
    const mask = this.bits.length * 32 - 1;
    const [h1, h2] = hashes(text);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + i * h2) & mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two 32-bit FNV-1a hashes of the text's UTF-16 code units (different offsets); the second is odd. */
function hashes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, (b | 1) >>> 0];
}

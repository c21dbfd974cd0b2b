/**
 * A small seeded PRNG (mulberry32) for the fault suites: the same seed gives the same hostile
 * bodies, kill points and orders, so any failure replays with `FAULTS_SEED=<seed>`.
 *
 * @example
 * const random = new Prng(42);
 * random.int(10); // 0..9, the same every run with seed 42
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A fresh PRNG whose seed comes from this one, for a sequence that must not shift when another does. */
  fork(): Prng {
    return new Prng(Math.floor(this.next() * 4294967296));
  }
}

/**
 * Time budgets that all last the same: one timer for all of them instead of a setTimeout and a
 * clearTimeout per VCA. Budgets of equal length expire in the order they started, so they wait in
 * a queue and the one timer is armed for the oldest; a finished budget is only marked, and
 * dropped when the timer next passes it.
 *
 * @example
 * const deadlines = new Deadlines(2000);
 * const budget = deadlines.start(() => console.log("too slow"));
 * budget.finish(); // true: finished in time, and the callback never runs
 */
/** One running budget. */
export interface Budget {
  /**
   * Marks the work finished. True when it finished in time; false when the budget had already
   * run out (its callback has run) or it was finished before.
   */
  finish(): boolean;
}

class Entry implements Budget {
  constructor(
    readonly at: number,
    // Dropped as soon as the budget ends: a finished budget waits in the queue until the timer
    // passes it, and must not keep its request's objects alive that long.
    public onExpire: (() => void) | undefined,
  ) {}

  finish(): boolean {
    const running = this.onExpire !== undefined;
    this.onExpire = undefined;
    return running;
  }
}

export class Deadlines {
  private queue: Entry[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly budgetMs: number,
    // Monotonic: a step of the wall clock must not stretch or cut a caller's wait.
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Starts a budget; `onExpire` runs once it is used up, unless it was finished before. */
  start(onExpire: () => void): Budget {
    const entry = new Entry(this.clock() + this.budgetMs, onExpire);
    this.queue.push(entry);
    if (this.timer === undefined) this.arm(entry.at);
    return entry;
  }

  /** Forgets every budget without running its callback (the server is closing). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.head = 0;
  }

  private arm(at: number): void {
    this.timer = setTimeout(this.expire, Math.max(0, at - this.clock()));
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = this.clock();
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head]!;
      if (entry.onExpire !== undefined && entry.at > now) break;
      this.head++;
      const onExpire = entry.onExpire;
      entry.onExpire = undefined;
      onExpire?.();
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      return;
    }
    if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm(this.queue[this.head]!.at);
  };
}

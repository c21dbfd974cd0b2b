/**
 * Time budgets that all last the same: one timer for all of them instead of a setTimeout and a
 * clearTimeout per VCA. Budgets of equal length expire in the order they started, so they wait in
 * a queue and the one timer is armed for the oldest; a finished budget is only marked, and
 * dropped when the timer next passes it.
 *
 * @example
 * const deadlines = new Deadlines(2000);
 * const budget = deadlines.start(() => console.log("too slow"));
 * budget.done = true; // finished in time: the callback never runs
 */
export interface Budget {
  readonly at: number;
  /** Set when the work finished; an expired budget's callback has run and it is done too. */
  done: boolean;
}

interface Entry extends Budget {
  readonly onExpire: () => void;
}

export class Deadlines {
  private queue: Entry[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly budgetMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts a budget; `onExpire` runs once it is used up unless `done` was set before. */
  start(onExpire: () => void): Budget {
    const entry: Entry = { at: this.clock() + this.budgetMs, done: false, onExpire };
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
      if (!entry.done && entry.at > now) break;
      this.head++;
      if (!entry.done) {
        entry.done = true;
        entry.onExpire();
      }
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

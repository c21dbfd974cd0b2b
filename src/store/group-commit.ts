/**
 * Group commit: while one commit is in flight, what arrives waits, and goes in the next commit
 * together. The cost of a durable commit (an fsync, a round trip) is paid once per group rather
 * than once per item, and each caller still resolves only once its own item is committed. The
 * `commit` function says, per item, whether it was stored; a group whose commit fails as a whole
 * should be retried item by item inside `commit`, so one bad item fails alone.
 *
 * @example
 * const summaries = new GroupCommit((group) => db.saveSummaries(group));
 * await summaries.add(record); // { created: true }
 */

/** One item's fate in its group: stored (with its result), or why it was not. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private inFlight = false;

  /** @param commit stores a group; resolves with one outcome per item, in order. */
  constructor(private readonly commit: (items: I[]) => Promise<GroupOutcome<R>[]>) {}

  /** Resolves with the item's result once it is committed; rejects with why it could not be. */
  add(item: I): Promise<R> {
    const done = new Promise<R>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    if (!this.inFlight) this.send();
    return done;
  }

  /** Sends what waits now, even while a commit is in flight (for a store that is closing). */
  drain(): void {
    this.send();
  }

  private send(): void {
    const group = this.waiting;
    if (group.length === 0) return;
    this.waiting = [];
    this.inFlight = true;
    let outcomes: Promise<GroupOutcome<R>[]>;
    try {
      outcomes = this.commit(group.map((waiting) => waiting.item));
    } catch (error) {
      outcomes = Promise.reject(error);
    }
    outcomes.then(
      (results) => {
        group.forEach((waiting, i) => {
          const outcome = results[i];
          if (outcome?.ok) waiting.resolve(outcome.value);
          else waiting.reject(outcome ? outcome.error : new Error("the commit gave no outcome for this item"));
        });
        this.settled();
      },
      (error: unknown) => {
        for (const waiting of group) waiting.reject(error);
        this.settled();
      },
    );
  }

  private settled(): void {
    this.inFlight = false;
    this.send();
  }
}

/**
 * Runs work in one IMMEDIATE transaction committed with `synchronous=FULL`, so it is on disk when
 * the call returns (the connection otherwise runs at NORMAL: the VCA exchanges' write-behind).
 * The transaction function is made once per connection and the pragmas run through `db.exec`:
 * `db.transaction` and `db.pragma` per commit cost the worker about 20 µs more per commit, as
 * much as the rows of a small group of summaries. A pragma that sets a value takes effect when
 * SQLite compiles it, so a statement prepared once would not set it again: `exec` compiles it
 * each time, without the JavaScript statement object `db.pragma` makes.
 *
 * @example
 * const durably = durableTransaction(db);
 * durably(() => insert.run(row)); // fsynced when this returns
 */
import type Database from "better-sqlite3";

export type Durably = <T>(work: () => T) => T;

export function durableTransaction(db: Database.Database): Durably {
  const transaction = db.transaction((work: () => unknown) => work());
  return <T>(work: () => T): T => {
    db.exec("PRAGMA synchronous = FULL");
    try {
      return transaction.immediate(work) as T;
    } finally {
      db.exec("PRAGMA synchronous = NORMAL");
    }
  };
}

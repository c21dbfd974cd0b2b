/**
 * The scheduler's clock: `real` (the wall clock) or `instant` (simulated time for tests and
 * demos). An instant clock starts at a given instant (or now) and stands still while anything is
 * going on; when a dispatcher round finds nothing to do (nothing opened, settled or expired, no
 * sends in flight, no open attempts) it jumps to the next time something becomes due, as the
 * store says (`OutboundStore.nextDueAt`). So a retry backoff of 30 minutes, or a calling window
 * that opens tomorrow, takes no wall time, and each attempt opens at exactly its due instant.
 *
 * The server's own clock (`createServer({ now })`) must be the same clock, so the summaries it
 * stores leave jobs due on simulated time. `serve --clock instant[@ISO]` wires both.
 *
 * @example
 * const clock = instantClock(new Date("2027-01-15T11:59:00Z"));
 * const followup = createFollowup({ store, flows, send, clock });
 * const server = createServer({ app, store, now: clock.now, ...followup.serverOptions });
 */
import type { OutboundStore } from "../store/index.js";
import { UNKNOWN_AFTER_MS } from "./settle.js";

/** The scheduler's time, and what it does when a round had nothing to do. */
export interface FollowupClock {
  /** `real` or `instant`. */
  readonly mode: "real" | "instant";
  /** The current time on this clock. */
  readonly now: () => Date;
  /**
   * Called by the dispatcher after a round that did nothing and left nothing open: an instant
   * clock moves to the next due time (jobs of `jobKinds` count); the real clock does nothing.
   */
  idle(store: OutboundStore, jobKinds: readonly string[]): Promise<void>;
  /** Called by the dispatcher after a round that did something or left something open. */
  busy(): void;
}

/**
 * How far an idle instant clock moves when something is already due but two idle rounds in a row
 * did not do it (the call rate's sliding second was full): enough for the pacer to allow the next
 * call. Once is not enough: a call placed just after a round's query is due at once, and is
 * placed by the next round at the same instant.
 */
export const STALLED_STEP_MS = 1000;

/** The wall clock. */
export function realClock(): FollowupClock {
  return { mode: "real", now: () => new Date(), idle: async () => undefined, busy: () => undefined };
}

/** Simulated time from `start` (default now), moved only by `idle` (see the module comment). */
export function instantClock(start: Date = new Date()): FollowupClock {
  let at = start.getTime();
  /** Whether the last round was idle with something already due. */
  let stalled = false;
  return {
    mode: "instant",
    now: () => new Date(at),
    async idle(store, jobKinds) {
      const due = await store.nextDueAt({ jobKinds, openAttemptGraceMs: UNKNOWN_AFTER_MS });
      if (due === null || due.getTime() > at) {
        if (due !== null) at = due.getTime();
        stalled = false;
        return;
      }
      if (stalled) at += STALLED_STEP_MS;
      stalled = !stalled;
    },
    busy() {
      stalled = false;
    },
  };
}

/** A clock as `serve --clock` names it: `real`, or `instant` from a start (null: from now). */
export type ClockSpec = { mode: "real" } | { mode: "instant"; start: Date | null };

/** The clock a spec names. */
export function clockFor(spec: ClockSpec): FollowupClock {
  return spec.mode === "real" ? realClock() : instantClock(spec.start ?? new Date());
}

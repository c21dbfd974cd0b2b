/**
 * Simulated time. A call engine that waited in wall time would make every test and load run
 * as slow as a real phone call, so each session reads time from a `SessionClock` that the
 * simulator's clock mode builds: `real` (wall time), `scaled` (N times faster) or `instant`
 * (simulated time advances without waiting, so a whole call runs in zero wall time).
 *
 * @example
 * const clock = createClock({ mode: "instant" });
 * const session = clock.forSession();
 * await session.sleep(30_000); // returns at once; session.now() moved 30 s on
 */
import { ConfigError } from "./errors.js";

/**
 * How simulated time runs: `real` (wall time), `scaled` (`factor` times faster) or `instant`
 * (no waiting: a whole call runs in milliseconds). The string forms are `real`, `scaled:N`, `instant`.
 */
export type ClockMode = { mode: "real" } | { mode: "scaled"; factor: number } | { mode: "instant" };

/**
 * The time of one session: `now()` in epoch ms, `sleep(ms)` of simulated time. A `signal` ends a
 * sleep early when it aborts (an interactive caller hanging up mid-prompt); the timer is cleared.
 */
export interface SessionClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Builds one clock per session; `now()` is the simulator-wide time used outside sessions. */
export interface Clock {
  readonly mode: ClockMode;
  now(): number;
  forSession(): SessionClock;
}

/** The longest single wait we ever perform, so a bad setting cannot park a session for days. */
const MAX_SLEEP_MS = 24 * 60 * 60 * 1000;

function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, MAX_SLEEP_MS));
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Lets other sessions and I/O run between steps even when no wall time passes. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock in the given mode. `wallNow` is injectable so tests can pin the epoch.
 *
 * @example
 * createClock({ mode: "scaled", factor: 10 }); // a 30 s prompt takes 3 s of wall time
 */
export function createClock(mode: ClockMode, wallNow: () => number = Date.now): Clock {
  if (mode.mode === "scaled" && !(mode.factor > 0)) throw new ConfigError(`clock: factor ${mode.factor} is invalid; expected a number > 0`);
  return {
    mode,
    now: wallNow,
    forSession(): SessionClock {
      if (mode.mode === "real") return { now: wallNow, sleep: (ms, signal) => (ms > 0 ? wallSleep(ms, signal) : yieldTurn()) };
      // Scaled and instant sessions keep their own simulated time, so concurrent calls do not
      // push each other's clocks forward.
      const start = wallNow();
      let elapsed = 0;
      const factor = mode.mode === "scaled" ? mode.factor : Number.POSITIVE_INFINITY;
      return {
        now: () => start + elapsed,
        async sleep(ms: number, signal?: AbortSignal) {
          const step = Math.max(0, ms);
          elapsed += step;
          const wall = step / factor;
          await (wall >= 1 ? wallSleep(wall, signal) : yieldTurn());
        },
      };
    },
  };
}

/**
 * Parses the CLI/config spelling of a clock mode: `real`, `instant`, or `scaled:N`.
 *
 * @example
 * parseClockMode("scaled:10"); // { mode: "scaled", factor: 10 }
 */
export function parseClockMode(text: string): ClockMode | undefined {
  if (text === "real" || text === "instant") return { mode: text };
  const match = /^scaled:(\d+(?:\.\d+)?)$/.exec(text);
  if (match && Number(match[1]) > 0) return { mode: "scaled", factor: Number(match[1]) };
  return undefined;
}

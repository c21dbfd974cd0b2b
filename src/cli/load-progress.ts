/**
 * `switchboard load`'s progress, on stderr: on a terminal a bar redrawn in place at most ten times
 * a second (`[#######-------------] 350/1000 calls, 412 calls/s`), elsewhere a plain line at each
 * tenth of the run, so logs and CI output stay readable. Hand-rolled: one line does not need a
 * dependency.
 *
 * @example
 * const progress = loadProgress(io.stderr, 1000);
 * progress.update(350);
 * progress.done();
 */
import type { CliOutput } from "./io.js";

/** A progress display for a run of `total` calls. */
export interface Progress {
  /** `done` calls have ended. */
  update(done: number): void;
  /** Ends the display (a terminal's bar gets its newline). */
  done(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

/** A bar on a terminal, tenths as lines elsewhere; `now` is injectable for tests. */
export function loadProgress(output: CliOutput, total: number, now: () => number = () => performance.now()): Progress {
  const started = now();
  const rate = (done: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? Math.round(done / seconds) : 0;
  };
  if (output.isTTY) {
    let drawn = -Infinity;
    let last = 0;
    const draw = (done: number) => {
      const filled = Math.round((done / total) * WIDTH);
      // \x1b[K clears what a longer line drawn before left on the right.
      output.write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total} calls, ${rate(done)} calls/s\x1b[K`);
      drawn = now();
    };
    return {
      update(done) {
        last = done;
        if (now() - drawn >= REDRAW_MS || done === total) draw(done);
      },
      done() {
        draw(last);
        output.write("\n");
      },
    };
  }
  let tenth = 0;
  return {
    update(done) {
      const reached = Math.floor((done * 10) / total);
      if (reached <= tenth) return;
      tenth = reached;
      output.write(`load: ${done}/${total} calls (${reached * 10}%), ${rate(done)} calls/s\n`);
    },
    done: () => undefined,
  };
}

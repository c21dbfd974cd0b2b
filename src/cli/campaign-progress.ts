/**
 * The live display of `switchboard campaign start` (and `campaign follow`), on stderr: on a
 * terminal one line redrawn in place, a bar of contacts done and the counts (placed, in progress,
 * completed, unreachable, failed, retrying, left); elsewhere a plain line when a tenth more of
 * the contacts are done or the state changes, so logs and CI output stay readable. Hand-rolled,
 * as `load`'s bar is: one line does not need a dependency.
 *
 * @example
 * const display = campaignDisplay(io.stderr);
 * display.update(status); // on each poll
 * display.done(status);
 */
import type { CampaignStatus } from "../followup/index.js";
import { progressLine } from "./campaign-format.js";
import type { CliOutput } from "./io.js";

/** A display fed with each status polled. */
export interface CampaignDisplay {
  update(status: CampaignStatus): void;
  /** The last status: a terminal's line gets its newline, elsewhere the final line is printed. */
  done(status: CampaignStatus): void;
}

const WIDTH = 20;
const REDRAW_MS = 100;

/** A redrawn line on a terminal, plain lines elsewhere; `now` is injectable for tests. */
export function campaignDisplay(output: CliOutput, now: () => number = () => performance.now()): CampaignDisplay {
  const line = (status: CampaignStatus) => `campaign ${status.name} ${status.state}: ${progressLine(status)}`;
  if (output.isTTY) {
    let drawn = -Infinity;
    const draw = (status: CampaignStatus) => {
      const filled = status.total === 0 ? WIDTH : Math.round((status.done / status.total) * WIDTH);
      // \x1b[K clears what a longer line drawn before left on the right.
      output.write(`\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${line(status)}\x1b[K`);
      drawn = now();
    };
    return {
      update(status) {
        if (now() - drawn >= REDRAW_MS) draw(status);
      },
      done(status) {
        draw(status);
        output.write("\n");
      },
    };
  }
  let tenth = -1;
  let state = "";
  let last = "";
  const print = (status: CampaignStatus) => {
    last = line(status);
    output.write(`${last}\n`);
  };
  return {
    update(status) {
      const reached = status.total === 0 ? 10 : Math.floor((status.done * 10) / status.total);
      if (reached <= tenth && status.state === state) return;
      tenth = reached;
      state = status.state;
      print(status);
    },
    done(status) {
      if (line(status) !== last) print(status);
    },
  };
}

/**
 * The live display of `switchboard campaign start` (and `campaign follow`), on stderr: on a
 * terminal a bar of contacts done and the counts (placed, in progress, completed, unreachable,
 * failed, retrying, left), redrawn in place at most ten times a second by cli-progress; elsewhere
 * a plain line when a tenth more of the contacts are done or the state changes, so logs and CI
 * output stay readable.
 *
 * @example
 * const display = campaignDisplay(io.stderr);
 * display.update(status); // on each poll
 * display.done(status);
 */
import cliProgress from "cli-progress";
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

function line(status: CampaignStatus): string {
  return `campaign ${status.name} ${status.state}: ${progressLine(status)}`;
}

/** A bar redrawn in place on a terminal, plain lines elsewhere. */
export function campaignDisplay(output: CliOutput): CampaignDisplay {
  return output.isTTY ? terminalBar(output) : plainLines(output);
}

/** cli-progress's bar on `output` (a terminal): contacts done of the campaign's total, and the counts. */
function terminalBar(output: CliOutput): CampaignDisplay {
  const stream = { write: (text: string) => output.write(text), isTTY: true, columns: output.columns } as unknown as NodeJS.WritableStream;
  const bar = new cliProgress.SingleBar({
    stream,
    format: "[{bar}] {line}",
    barsize: WIDTH,
    barCompleteChar: "#",
    barIncompleteChar: "-",
    fps: 10,
    hideCursor: false,
    gracefulExit: false,
    // A line longer than the terminal would wrap and redraw one row lower each time.
    linewrap: false,
  });
  let started = false;
  const show = (status: CampaignStatus) => {
    // A campaign with no contacts is done: the bar is full.
    const total = Math.max(status.total, 1);
    const done = status.total === 0 ? 1 : status.done;
    if (!started) {
      bar.start(total, done, { line: line(status) });
      started = true;
      return;
    }
    bar.setTotal(total);
    bar.update(done, { line: line(status) });
  };
  return {
    update: show,
    done(status) {
      show(status);
      bar.stop();
    },
  };
}

function plainLines(output: CliOutput): CampaignDisplay {
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

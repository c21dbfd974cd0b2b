/**
 * `switchboard load <flow | --url URL>`: a load test of your own IVR. Simulated callers (the
 * simulator on the instant clock, in this process) call it `--calls` times, `--concurrency` at a
 * time, pressing the keys of `--press` or a `--press-script`; the report gives calls per second,
 * the VCA answer latency (p50, p99), fallbacks, the sessions' outcomes and the summaries lost.
 * With a flow it runs the IVR server itself; with `--url` it calls one already running. Exit 1
 * when a summary was lost or a call did not end. The run lives in load-run.ts, imported only when
 * the command runs.
 *
 * @example
 * switchboard load examples/restaurant.yaml --calls 1000 --concurrency 50
 * switchboard load --url http://127.0.0.1:3000 --press-script callers.yaml --json
 */
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import type { LoadFlags } from "./load-run.js";
import { parseDbUrl } from "./serve-flags.js";
import { UsageError } from "./usage-error.js";

/** The most calls one run places: a bound, so a typo cannot start a run that never ends. */
export const MAX_CALLS = 100_000;
/** The most calls at a time: each holds a simulated session and a connection to the IVR. */
export const MAX_CONCURRENCY = 1_000;
const PRESS_ENTRY = /^(-|silence|[0-9*#,]{1,40})$/;

function whole(flag: string, min: number, max: number, what: string) {
  return (text: string): number => {
    if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected ${what} from ${min} to ${max.toLocaleString("en-US")}`);
    }
    return Number(text);
  };
}

function collectPress(text: string, previous: string[] = []): string[] {
  if (!PRESS_ENTRY.test(text)) throw new UsageError("SB_CLI_INVALID_FLAG", `--press: "${text}" is invalid; expected keys 0-9 * # (with "," for a 1 s pause), or "-" to stay silent`);
  return [...previous, text];
}

const HELP = `
The callers press the keys of --press (one entry per capture prompt, as switchboard dial) or of a
--press-script file; with neither, a flow's callers take the paths switchboard dev suggests, in
turn, and --url's callers press nothing. A press script:

  callers:
    - press: ["1", "1", "2"]   # weight 3: 3 of every 5 callers
      weight: 3
    - press: ["3"]
      weight: 2

Lost summaries are sessions the simulator ended whose VSS the IVR never acknowledged with a 2xx;
the command exits 1 when there is one, or a call that did not end within --call-timeout.

Examples:
  $ switchboard load examples/restaurant.yaml --calls 1000 --concurrency 50
  $ switchboard load my-ivr.yaml --press-script callers.yaml --json
  $ SWITCHBOARD_WEBHOOK_AUTH=s3cret switchboard load --url http://127.0.0.1:3000 --press 3`;

/** Registers `switchboard load`; the run is imported from load-run.ts only when the command runs. */
export function loadCommands(program: Command, io: CliIo): void {
  program
    .command("load")
    .description("load-test an IVR: simulated calls through a flow (run here) or a running server (--url); calls/s, answer latency, fallbacks, outcomes, lost summaries")
    .argument("[flow]", "flow file or handlers module to run and call (or give --url)")
    .option("--url <url>", "call an IVR server already running: its base URL (Switchboard's /webhooks/* paths) or its VCA webhook URL")
    .option("--vss-url <url>", "with --url: where summaries go (default: the VCA URL with vca replaced by vss)")
    .option("--auth-header <secret>", "with --url: the webhook secret sent as the Authorization header (env SWITCHBOARD_WEBHOOK_AUTH)")
    .option("--calls <n>", `calls to place, 1 to ${MAX_CALLS.toLocaleString("en-US")}`, whole("--calls", 1, MAX_CALLS, "a number of calls"), 1000)
    .option("--concurrency <n>", `calls at a time, 1 to ${MAX_CONCURRENCY.toLocaleString("en-US")}`, whole("--concurrency", 1, MAX_CONCURRENCY, "a number of calls"), 50)
    .option("--press <keys>", 'keys every caller presses at a capture prompt; repeat per prompt ("-" stays silent)', collectPress)
    .option("--press-script <file>", "YAML/JSON: callers with their keys and weights (see below)")
    .option("--db <url>", "the flow's store: sqlite:PATH or postgres://... (default: SQLite in a temporary folder, removed after)", parseDbUrl)
    .option("--call-timeout <ms>", "longest wall-clock wait for one call to end", whole("--call-timeout", 1_000, 600_000, "milliseconds"), 60_000)
    .option("--json", "print the report as JSON")
    .addHelpText("after", HELP)
    .action(async (flow: string | undefined, flags: LoadFlags) => {
      const { runLoad } = await import("./load-run.js");
      await runLoad(flow, flags, io);
    });
}

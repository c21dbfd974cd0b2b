/**
 * `switchboard dev [flow]`: the whole local loop in one command. It starts the simulator and the
 * IVR server together, registers the webhooks with a generated secret, prints how to dial, and
 * reloads the IVR when its files are saved (`--no-watch` turns that off; dev-watch.ts).
 * Without a flow it runs the restaurant example shipped with the package, so `npm start` works
 * from a checkout. The heavy work lives in dev-run.ts and is imported only when the command runs.
 *
 * @example
 * switchboard dev                                  # examples/restaurant.yaml on :3000 and :8088
 * switchboard dev my-ivr.yaml --port 4000 --simulator-port 9000 --clock real
 * switchboard dev handlers.ts --no-watch
 */
import type { Command } from "commander";
import { fileURLToPath } from "node:url";
import type { DevFlags } from "./dev-run.js";
import type { CliIo } from "./io.js";
import { parseDbUrl, parseDrainTimeout } from "./serve-flags.js";
import { portFlag } from "./port-flag.js";

/** The restaurant example, found from this file (dist/cli/ or src/cli/) so any working directory works. */
export const DEFAULT_DEV_FLOW = fileURLToPath(new URL("../../examples/restaurant.yaml", import.meta.url));
export const DEFAULT_DEV_DB = "sqlite:./switchboard.db";

/** Registers `switchboard dev [flow]`; the run itself is imported from dev-run.ts only when the command runs. */
export function devCommands(program: Command, io: CliIo): void {
  program
    .command("dev")
    .description("run the simulator and the IVR server together for local development, webhooks registered (default: the restaurant example)")
    .argument("[flow]", "flow file or handlers module (default: the packaged examples/restaurant.yaml)")
    .option("--port <port>", "IVR server port", portFlag("--port"), 3000)
    .option("--simulator-port <port>", "simulator port", portFlag("--simulator-port"), 8088)
    .option("--host <host>", "interface both listen on", "127.0.0.1")
    .option("--db <url>", "store: sqlite:PATH or postgres://...", parseDbUrl, DEFAULT_DEV_DB)
    .option("--clock <mode>", "simulator clock: instant, real or scaled:N", "instant")
    .option("--watch", "reload the IVR when its files are saved; calls in progress keep their flow (the default)", true)
    .option("--no-watch", "do not reload the IVR on changes")
    .option("--drain-timeout <duration>", "on Ctrl-C, how long the IVR server keeps answering open connections before closing them: 10s, 500ms, 1m or milliseconds (default 10s)", parseDrainTimeout)
    .addHelpText("after", `
Prints how to dial (key paths that end in a hangup or a transfer) and SWITCHBOARD_SIMULATOR_URL.
A saved edit of the flow, or of a TypeScript handlers module and the files it imports, reloads
it: new calls get it, calls in progress finish on the flow they started with, and an edit that
does not load prints its findings and keeps the old one.

Examples:
  $ switchboard dev                                   # the packaged restaurant example
  $ switchboard dev my-ivr.yaml                       # then, in another terminal: switchboard dial --to +6560000001 --press 1
  $ switchboard dev handlers.ts --port 4000 --simulator-port 9000 --clock real
  $ switchboard dev my-ivr.yaml --no-watch --db sqlite::memory:`)
    .action(async (flow: string | undefined, flags: DevFlags) => {
      const { runDev } = await import("./dev-run.js");
      await runDev(flow ?? DEFAULT_DEV_FLOW, flags, io);
    });
}

/**
 * `switchboard simulator` runs the local 8x8 Voice platform until the run's stop signal aborts
 * (SIGINT/SIGTERM from the binary); `switchboard dial` (dial.ts) places calls through it.
 *
 * @example
 * switchboard simulator --port 8088
 */
import type { Command } from "commander";
import { summaryLine } from "./dial-format.js";
import { dialCommand } from "./dial.js";
import { inCwd, untilStopped, writeLine, type CliIo } from "./io.js";
import { portFlag } from "./port-flag.js";
import { cannotListen } from "./listen-errors.js";
import { UsageError } from "./usage-error.js";

/** A limit flag: a whole number from 1 to 100000. */
function limit(flag: string) {
  return (text: string): number => {
    if (!/^[1-9]\d{0,5}$/.test(text) || Number(text) > 100_000) throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected a whole number from 1 to 100000`);
    return Number(text);
  };
}

interface SimulatorFlags {
  port: number;
  host: string;
  config?: string;
  clock?: string;
  maxCallsPerSecond?: number;
  maxConcurrentCalls?: number;
}

async function runSimulator(flags: SimulatorFlags, io: CliIo): Promise<void> {
  // Loaded here, not at the top: the simulator pulls in Fastify, which would slow every command.
  const { parseClockMode, startSimulator } = await import("../simulator/index.js");
  if (flags.clock !== undefined && !parseClockMode(flags.clock)) {
    throw new UsageError("SB_CLI_INVALID_FLAG", `--clock: "${flags.clock}" is invalid; expected real, instant or scaled:N`);
  }
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({
      port: flags.port,
      host: flags.host,
      ...(flags.config !== undefined ? { config: inCwd(io, flags.config) } : {}),
      ...(flags.clock !== undefined ? { clock: flags.clock } : {}),
      ...(flags.maxCallsPerSecond !== undefined ? { maxCallsPerSecond: flags.maxCallsPerSecond } : {}),
      ...(flags.maxConcurrentCalls !== undefined ? { maxConcurrentCalls: flags.maxConcurrentCalls } : {}),
      onSessionEnd: (view) => writeLine(io.stdout, `${view.sessionId}: ${summaryLine(view)}`),
    });
  } catch (error) {
    // A socket's errno (EADDRINUSE, ...) is about --port or --host; a config error keeps its own code and message.
    if (/^E[A-Z]+$/.test(String((error as { code?: unknown }).code))) throw cannotListen(error, "--port", flags.host, flags.port);
    throw error;
  }
  const out = (line: string) => writeLine(io.stdout, line);
  out(`switchboard simulator listening on ${sim.url} (clock: ${flags.clock ?? sim.config.clock ?? "instant"})`);
  for (const sub of sim.config.subaccounts ?? []) {
    // Only the sandbox's key is public; configured keys are secrets and never printed.
    const key = flags.config === undefined ? `API key ${sub.apiKeys[0]}` : "API keys from the config";
    const numbers = (sub.numbers ?? []).map((n) => `${n.msisdn} (${n.referenceId})`).join(", ") || "no numbers";
    out(`  subaccount ${sub.id}: ${key}; numbers ${numbers}`);
  }
  const cps = flags.maxCallsPerSecond ?? sim.config.maxCallsPerSecond;
  const concurrent = flags.maxConcurrentCalls ?? sim.config.maxConcurrentCalls;
  if (cps !== undefined || concurrent !== undefined) {
    out(`  limits per subaccount: ${cps ?? "unlimited"} calls/s (then 429), ${concurrent ?? "unlimited"} concurrent calls (then ERROR -2010)`);
  }
  out(`  control API ${sim.url}/_sim/ · OpenAPI ${sim.url}/_sim/openapi.json`);
  const first = sim.config.subaccounts?.[0]?.numbers?.[0]?.msisdn;
  if (first) out(`  try: switchboard dial --to ${first} --simulator ${sim.url}`);
  await untilStopped(io);
  await sim.close();
}

/** Registers `switchboard simulator` and, beside it, `switchboard dial`. */
export function simulatorCommands(program: Command, io: CliIo): void {
  program
    .command("simulator")
    .description("run a local 8x8 Voice platform: REST API, simulated calls, webhooks (sandbox without --config)")
    .option("--port <port>", "port to listen on", portFlag("--port"), 8088)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--config <file>", "YAML/JSON config: subaccounts, API keys, numbers, callees, fault injection")
    .option("--clock <mode>", "instant (default), real, or scaled:N (N times faster than real)")
    .option("--max-calls-per-second <n>", "Send Callflow requests accepted per second and subaccount; more answer 429 with Retry-After", limit("--max-calls-per-second"))
    .option("--max-concurrent-calls <n>", "sessions in progress per subaccount; a session over it ends ERROR -2010", limit("--max-concurrent-calls"))
    .addHelpText("after", `
Without --config it runs the sandbox: subaccount sandbox, API key sandbox-key, number
+6560000001. Register your server's webhooks on it through the 8x8 REST API (switchboard
webhooks setup with EIGHTX8_BASE_URL pointing here), then place calls with switchboard dial.
Runs until Ctrl-C. docs/simulator.md has the config format and the control API.

Examples:
  $ switchboard simulator
  $ switchboard simulator --port 9000 --clock real
  $ switchboard simulator --config sim.yaml --max-concurrent-calls 10`)
    .action(async (flags: SimulatorFlags) => runSimulator(flags, io));
  dialCommand(program, io);
}

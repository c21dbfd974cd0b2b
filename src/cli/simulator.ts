/**
 * `switchboard simulator` runs the local 8x8 Voice platform until the run's stop signal aborts
 * (SIGINT/SIGTERM from the binary); `switchboard dial`
 * places a simulated inbound call through it and prints the call as a person reads it (or JSON),
 * exiting 1 when the session ended in ERROR.
 *
 * @example
 * switchboard simulator --port 8088
 * switchboard dial --to +6560000001 --press 1 --press 23#
 */
import type { Command } from "commander";
import { E164_PATTERN } from "../voice/index.js";
import type { SessionView } from "../simulator/index.js";
import { formatCall, summaryLine } from "./dial-format.js";
import { inCwd, untilStopped, writeLine, type CliIo } from "./io.js";
import { portFlag } from "./port-flag.js";
import { CommandFailed, UsageError } from "./usage-error.js";

const PRESS_PATTERN = /^(-|silence|[0-9*#,]{1,40})$/;
const MAX_WAIT_ROUNDS = 100;

function milliseconds(flag: string) {
  return (text: string): number => {
    if (!/^\d{1,8}$/.test(text)) throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected milliseconds`);
    return Number(text);
  };
}

/** A limit flag: a whole number from 1 to 100000. */
function limit(flag: string) {
  return (text: string): number => {
    if (!/^[1-9]\d{0,5}$/.test(text) || Number(text) > 100_000) throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected a whole number from 1 to 100000`);
    return Number(text);
  };
}

function e164(flag: string, text: string): string {
  if (!new RegExp(E164_PATTERN).test(text)) throw new UsageError("SB_CLI_INVALID_NUMBER", `${flag}: "${text}" is invalid; expected an E.164 number such as +6560000001`);
  return text;
}

function collectPress(text: string, previous: string[] = []): string[] {
  if (!PRESS_PATTERN.test(text)) throw new UsageError("SB_CLI_INVALID_FLAG", `--press: "${text}" is invalid; expected keys 0-9 * # (with "," for a 1 s pause), or "-" to stay silent`);
  return [...previous, text];
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
  const sim = await startSimulator({
    port: flags.port,
    host: flags.host,
    ...(flags.config !== undefined ? { config: inCwd(io, flags.config) } : {}),
    ...(flags.clock !== undefined ? { clock: flags.clock } : {}),
    ...(flags.maxCallsPerSecond !== undefined ? { maxCallsPerSecond: flags.maxCallsPerSecond } : {}),
    ...(flags.maxConcurrentCalls !== undefined ? { maxConcurrentCalls: flags.maxConcurrentCalls } : {}),
    onSessionEnd: (view) => writeLine(io.stdout, `${view.sessionId}: ${summaryLine(view)}`),
  });
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

interface DialFlags {
  to: string;
  from?: string;
  press?: string[];
  hangupAfter?: number;
  simulator: string;
  json?: boolean;
  webhooks?: boolean;
  timeout: number;
}

async function request(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CommandFailed("SB_CLI_SIMULATOR_UNREACHABLE", `cannot reach the simulator at ${new URL(url).origin} (${cause}); start it with \`switchboard simulator\``);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new CommandFailed("SB_CLI_NOT_A_SIMULATOR", `${new URL(url).origin} answered HTTP ${response.status} without JSON; is it a switchboard simulator?`);
  }
}

async function runDial(flags: DialFlags, io: CliIo): Promise<void> {
  let base: URL;
  try {
    base = new URL(flags.simulator);
  } catch {
    throw new UsageError("SB_CLI_INVALID_URL", `--simulator: "${flags.simulator}" is invalid; expected a URL such as http://127.0.0.1:8088`);
  }
  const call = {
    to: e164("--to", flags.to),
    ...(flags.from !== undefined ? { from: e164("--from", flags.from) } : {}),
    ...(flags.press ? { press: flags.press } : {}),
    ...(flags.hangupAfter !== undefined ? { hangupAfterMs: flags.hangupAfter } : {}),
  };
  const placed = await request(new URL("/_sim/calls", base).href, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(call),
  });
  if (placed.status === 400) throw new UsageError("SB_CLI_CALL_REFUSED", (placed.body as { message?: string }).message ?? "the simulator refused the call");
  if (placed.status !== 201) throw new CommandFailed("SB_CLI_CALL_FAILED", `the simulator answered HTTP ${placed.status} to the call`);
  const { sessionId } = placed.body as { sessionId: string };
  const deadline = Date.now() + flags.timeout;
  let view: SessionView | undefined;
  for (let round = 0; round < MAX_WAIT_ROUNDS && Date.now() < deadline; round += 1) {
    const wait = Math.max(1, Math.min(deadline - Date.now(), 600_000));
    const got = await request(new URL(`/_sim/sessions/${encodeURIComponent(sessionId)}?wait=true&timeoutMs=${wait}`, base).href);
    view = got.body as SessionView;
    if (view.state === "ended") break;
  }
  if (!view || view.state !== "ended") throw new CommandFailed("SB_CLI_CALL_TIMEOUT", `session ${sessionId} did not end within ${flags.timeout} ms`);
  writeLine(io.stdout, flags.json ? JSON.stringify(view, null, 2) : formatCall(view, { webhooks: flags.webhooks === true }));
  // The call is printed above; the failure is the outcome, reported like any other (exit 1).
  if (view.summary?.sessionStatus === "ERROR") throw new CommandFailed("SB_CLI_SESSION_ERROR", `session ${sessionId} ended in ERROR`);
}

/** Registers `switchboard simulator` and `switchboard dial`. */
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
    .action(async (flags: SimulatorFlags) => runSimulator(flags, io));
  program
    .command("dial")
    .description("place a simulated inbound call and print what happened (exit 1 if the session ended in ERROR)")
    .requiredOption("--to <number>", "virtual number to call, e.g. +6560000001")
    .option("--from <number>", "caller's number (default +6591234567)")
    .option("--press <keys>", 'keys for one capture prompt; repeat per prompt ("-" stays silent)', collectPress)
    .option("--hangup-after <ms>", "caller hangs up this long after the call is answered (simulated ms)", milliseconds("--hangup-after"))
    .option("--simulator <url>", "simulator base URL", "http://127.0.0.1:8088")
    .option("--json", "print the session (transcript, summary, VSS) as JSON")
    .option("--webhooks", "also list successful webhook deliveries")
    .option("--timeout <ms>", "longest wall-clock wait for the call to end", milliseconds("--timeout"), 120_000)
    .action(async (flags: DialFlags) => runDial(flags, io));
}

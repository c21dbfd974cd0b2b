/**
 * `switchboard dial` places a simulated inbound call through a running simulator and prints the
 * call as a person reads it (or JSON). It exits 1 when the session ended in ERROR, and with
 * `--fail-on-fallback` when the IVR answered any VCA with its fallback (the server marks those
 * answers; the simulator records the mark in the transcript). The simulator's URL comes from
 * `--simulator`, else `SWITCHBOARD_SIMULATOR_URL` (environment, then `.env`), else
 * http://127.0.0.1:8088.
 *
 * @example
 * switchboard dial --to +6560000001 --press 1 --press 23#
 * SWITCHBOARD_SIMULATOR_URL=http://127.0.0.1:9000 switchboard dial --to +6560000001 --fail-on-fallback
 */
import type { Command } from "commander";
import { E164_PATTERN } from "../voice/index.js";
import type { SessionView } from "../simulator/index.js";
import { painter } from "./colour.js";
import { fallbackAnswers, formatCall } from "./dial-format.js";
import { settingFromEnv, type FoundSetting } from "./dotenv.js";
import { writeLine, type CliIo } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";

const PRESS_PATTERN = /^(-|silence|[0-9*#,]{1,40})$/;
const MAX_WAIT_ROUNDS = 100;
/** Where `switchboard simulator` listens unless told otherwise. */
export const DEFAULT_SIMULATOR_URL = "http://127.0.0.1:8088";
/** The variable (in the environment or `.env`) `dial` reads the simulator's URL from. */
export const SIMULATOR_URL_VARIABLE = "SWITCHBOARD_SIMULATOR_URL";

function milliseconds(flag: string) {
  return (text: string): number => {
    if (!/^\d{1,8}$/.test(text)) throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected milliseconds`);
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

interface DialFlags {
  to: string;
  from?: string;
  press?: string[];
  hangupAfter?: number;
  simulator?: string;
  json?: boolean;
  webhooks?: boolean;
  timeout: number;
  failOnFallback?: boolean;
}

/** The simulator's URL: the flag, else the environment, else `.env`, else the default; named by where it came from. */
function simulatorUrl(flags: DialFlags, io: CliIo): { url: URL; source: FoundSetting["source"] } {
  const found: FoundSetting =
    flags.simulator !== undefined ? { value: flags.simulator, source: "--simulator" } : (settingFromEnv(io, SIMULATOR_URL_VARIABLE) ?? { value: DEFAULT_SIMULATOR_URL, source: "default" });
  try {
    const url = new URL(found.value);
    if (url.protocol === "http:" || url.protocol === "https:") return { url, source: found.source };
  } catch {
    // refused below, naming where the value came from
  }
  throw new UsageError("SB_CLI_INVALID_URL", `${found.source}: "${found.value}" is invalid; expected a URL such as ${DEFAULT_SIMULATOR_URL}`);
}

async function request(url: string, source: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    const from = source === "default" ? "" : ` (from ${source})`;
    throw new CommandFailed("SB_CLI_SIMULATOR_UNREACHABLE", `cannot reach the simulator at ${new URL(url).origin}${from} (${cause}); start it with \`switchboard simulator\`, or point --simulator or ${SIMULATOR_URL_VARIABLE} at it`);
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new CommandFailed("SB_CLI_NOT_A_SIMULATOR", `${new URL(url).origin} answered HTTP ${response.status} without JSON; is it a switchboard simulator?`);
  }
}

/**
 * The simulator's refusal of the call, in the terms of the command line: its JSON fields
 * (`to: ...`) are the flags the user typed (`--to: ...`).
 */
function refusal(body: unknown): UsageError {
  const message = (body as { message?: unknown }).message;
  if (typeof message !== "string") return new UsageError("SB_CLI_CALL_REFUSED", "the simulator refused the call");
  return new UsageError("SB_CLI_CALL_REFUSED", message.replace(/^(to|from|press|hangupAfterMs):/, (_m, field: string) => `--${field === "hangupAfterMs" ? "hangup-after" : field}:`));
}

async function runDial(flags: DialFlags, io: CliIo): Promise<void> {
  const { url: base, source } = simulatorUrl(flags, io);
  const call = {
    to: e164("--to", flags.to),
    ...(flags.from !== undefined ? { from: e164("--from", flags.from) } : {}),
    ...(flags.press ? { press: flags.press } : {}),
    ...(flags.hangupAfter !== undefined ? { hangupAfterMs: flags.hangupAfter } : {}),
  };
  const placed = await request(new URL("/_sim/calls", base).href, source, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(call),
  });
  if (placed.status === 400) throw refusal(placed.body);
  if (placed.status !== 201) throw new CommandFailed("SB_CLI_CALL_FAILED", `the simulator answered HTTP ${placed.status} to the call`);
  const { sessionId } = placed.body as { sessionId: string };
  const deadline = Date.now() + flags.timeout;
  let view: SessionView | undefined;
  for (let round = 0; round < MAX_WAIT_ROUNDS && Date.now() < deadline; round += 1) {
    const wait = Math.max(1, Math.min(deadline - Date.now(), 600_000));
    const got = await request(new URL(`/_sim/sessions/${encodeURIComponent(sessionId)}?wait=true&timeoutMs=${wait}`, base).href, source);
    view = got.body as SessionView;
    if (view.state === "ended") break;
  }
  if (!view || view.state !== "ended") throw new CommandFailed("SB_CLI_CALL_TIMEOUT", `session ${sessionId} did not end within ${flags.timeout} ms`);
  writeLine(io.stdout, flags.json ? JSON.stringify(view, null, 2) : formatCall(view, { webhooks: flags.webhooks === true, paint: painter(io.stdout, io.env) }));
  // The call is printed above; the failure is the outcome, reported like any other (exit 1).
  if (view.summary?.sessionStatus === "ERROR") throw new CommandFailed("SB_CLI_SESSION_ERROR", `session ${sessionId} ended in ERROR`);
  const fallbacks = fallbackAnswers(view);
  if (flags.failOnFallback && fallbacks.length > 0) {
    const reasons = [...new Set(fallbacks)].join(", ");
    throw new CommandFailed("SB_CLI_FALLBACK_ANSWERED", `session ${sessionId}: the IVR answered ${fallbacks.length} VCA${fallbacks.length === 1 ? "" : "s"} with its fallback (${reasons}); the server's log says why`);
  }
}

/** Registers `switchboard dial`. */
export function dialCommand(program: Command, io: CliIo): void {
  program
    .command("dial")
    .description("place a simulated inbound call and print what happened (exit 1 if the session ended in ERROR)")
    .requiredOption("--to <number>", "virtual number to call, e.g. +6560000001")
    .option("--from <number>", "caller's number (default +6591234567)")
    .option("--press <keys>", 'keys for one capture prompt; repeat per prompt ("-" stays silent)', collectPress)
    .option("--hangup-after <ms>", "caller hangs up this long after the call is answered (simulated ms)", milliseconds("--hangup-after"))
    .option("--simulator <url>", `simulator base URL (default: $${SIMULATOR_URL_VARIABLE}, then .env, then ${DEFAULT_SIMULATOR_URL})`)
    .option("--json", "print the session (transcript, summary, VSS) as JSON")
    .option("--webhooks", "also list successful webhook deliveries")
    .option("--fail-on-fallback", "exit 1 if the IVR answered any VCA with its fallback (a handler threw or timed out, an invalid answer, the store down)")
    .option("--timeout <ms>", "longest wall-clock wait for the call to end", milliseconds("--timeout"), 120_000)
    .addHelpText("after", `
Each --press answers one capture prompt, in order; the caller hangs up when they run out.
Answers the IVR's server marked as its fallback are shown with their reason (error, timeout,
invalid, store_unavailable); --fail-on-fallback makes them fail the command, for CI.

Examples:
  $ switchboard dial --to +6560000001 --press 1
  $ switchboard dial --to +6560000001 --press 1 --press 1234# --fail-on-fallback
  $ switchboard dial --to +6560000001 --press - --json          # stay silent at the first prompt
  $ SWITCHBOARD_SIMULATOR_URL=http://127.0.0.1:9000 switchboard dial --to +6560000001`)
    .action(async (flags: DialFlags) => runDial(flags, io));
}
